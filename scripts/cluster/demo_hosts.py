"""The demo feeds served from several loopback addresses, one per organization, as real sources would be.

`make cluster` collects one task per host (the per-host limit, docs/sources.md); on one loopback
address every demo source would share one host and one task. Linux routes all of 127.0.0.0/8 to the
loopback interface, so 127.0.0.11, 127.0.0.12, ... need no set-up.

    python scripts/cluster/demo_hosts.py --port 18765 --count 8
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from demo.server import Handler  # noqa: E402  (the demo's own handler: same bytes as make run's)

FIRST = 11


def addresses(count: int) -> list[str]:
    """The loopback addresses the demo organizations are served from, in registry order."""
    return [f"127.0.0.{FIRST + i}" for i in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    args = parser.parse_args()
    servers = [ThreadingHTTPServer((address, args.port), Handler) for address in addresses(args.count)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"serving the demo feeds on {', '.join(addresses(args.count))} port {args.port}", flush=True)
    stop.wait()
    for server in servers:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
