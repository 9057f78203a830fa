"""`aggregator sources check`: validation, and --fetch's table of what answered."""

from __future__ import annotations

from aggregator.cli import main
from tests.sources.test_collect import registry_file


def test_check_validates_and_reports_errors_by_entry_and_field(tmp_path, capsys):
    path = registry_file(tmp_path, "https://org.example", [("a", "rss", "/feed", {})])
    assert main(["sources", "check", "--registry", str(path)]) == 0
    assert "1 organizations, 1 sources (1 enabled) — valid" in capsys.readouterr().out
    path.write_text(path.read_text(encoding="utf-8").replace("kind: rss", "kind: gopher"), encoding="utf-8")
    assert main(["sources", "check", "--registry", str(path)]) == 1
    assert "organization 'org-a': sources[0]: field 'kind' is 'gopher'" in capsys.readouterr().err


def test_check_fetch_prints_a_table(tmp_path, capsys, server):
    path = registry_file(tmp_path, server.url, [("feed", "rss", "/feeds/rss2-ar.xml", {}), ("gone", "rss", "/status/404", {}),
                                                ("news", "html", "/pages/listing.html", {"link_selector": "a.post-link"})])
    assert main(["sources", "check", "--registry", str(path), "--fetch"]) == 1
    out = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in out[2:-1]}
    assert rows["feed"][1:5] == ["rss", "ok", "200", "2"]
    assert rows["gone"][1:3] == ["rss", "failed"] and "HTTP 404" in " ".join(rows["gone"])
    assert rows["news"][1:5] == ["html", "ok", "200", "3"]
    assert out[-1] == "2 of 3 sources answered"
