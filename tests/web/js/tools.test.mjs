// Drive the organizers' /overlaps form and the analysts' /trends page in a real headless Chromium.
// Usage: node tools.test.mjs <base-url> <screenshot-dir> <chromium-path> [kibana-cases.json]
// The cases are the Kibana Vega specs with the answer Elasticsearch gave to their own request.
// Prints a JSON report; exits non-zero on the first failed check.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";

const [base, shots, executablePath = "/usr/bin/chromium", casesPath] = process.argv.slice(2);
const kibanaCases = casesPath ? JSON.parse(readFileSync(casesPath, "utf8")) : [];
mkdirSync(shots, { recursive: true });
const report = { checks: [] };
const check = (name) => report.checks.push(name);
const ready = (page) => page.waitForSelector("body[data-state=ready]");

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  // An organizer in Rabat whose browser is set to Tokyo: the zone chosen in the form rules, not the browser's.
  const desktop = await browser.newContext({ timezoneId: "Asia/Tokyo", locale: "en", viewport: { width: 1280, height: 900 } });
  const page = await desktop.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => { if (!request.url().startsWith(base)) errors.push(`external request ${request.url()}`); });

  await page.goto(new URL("overlaps", base).href, { waitUntil: "networkidle" });
  await ready(page);
  assert.equal(await page.inputValue("#slot-tz"), "Asia/Tokyo");
  await page.fill("#slot-date", "2026-03-12");
  await page.fill("#slot-time", "20:00");
  await page.selectOption("#slot-tz", "Africa/Casablanca");
  await page.selectOption("#slot-duration", "2h");
  await page.selectOption("#slot-country", "MA");
  await page.selectOption("#slot-org_type", "union");
  await page.click("#slot-submit");
  await page.waitForFunction(() => document.body.dataset.state === "ready" && !document.getElementById("result").hidden);
  const rows = await page.$$eval("#overlaps tbody tr", (trs) => trs.map((tr) => [tr.dataset.eventId, tr.cells[0].textContent]));
  assert.deepEqual(rows.slice(0, 2), [["e-umt-elections", "1001.00 × 1.00"], ["e-cdt-retraite", "250.25 × 1.00"]]);
  const second = await page.textContent('#overlaps tr[data-event-id="e-cdt-retraite"]');
  assert.match(second, /30 min of your slot/);
  assert.match(second, /same country · same kind \(Union\)/);
  assert.match(second, /time 30 of 120 min = 0\.25 × audience \(1 \+ 2 shared\) \/ \(1 \+ 2 asked\) = 1\.00/);
  // Shown in the chosen zone: Casablanca is on UTC+0 during Ramadan 2026, so 19:00–20:30 there.
  assert.match(second, /19:00–20:30/);
  assert.match(page.url(), /tz=Africa%2FCasablanca/);
  assert.ok((await page.$$("#timeline .bar")).length === rows.length);
  check(`overlap form: ${rows.length} events, time and audience apart, score explained`);
  await page.screenshot({ path: `${shots}/overlaps-desktop.png`, fullPage: true });

  // The shared URL reproduces the answer; the other side of Morocco's switch back to UTC+1.
  await page.goto(new URL("overlaps?tz=Africa/Casablanca&start=2026-03-22+02:30&duration=1h", base).href, { waitUntil: "networkidle" });
  await ready(page);
  assert.match(await page.textContent("#error"), /does not exist in Africa\/Casablanca/);
  assert.equal(await page.isHidden("#result"), true);
  check("a local time the clocks skip is refused in the form, with the reason");

  const mobile = await browser.newContext({ timezoneId: "Africa/Casablanca", locale: "ar", viewport: { width: 390, height: 844 } });
  const phone = await mobile.newPage();
  phone.on("pageerror", (error) => errors.push(String(error)));
  await phone.goto(new URL("overlaps?tz=Africa/Casablanca&start=2026-03-12+20:00&duration=90m&country=MA&topic=انتخابات", base).href,
    { waitUntil: "networkidle" });
  await phone.waitForFunction(() => document.body.dataset.state === "ready" && !document.getElementById("result").hidden);
  assert.equal(await phone.inputValue("#slot-topic"), "انتخابات");
  assert.equal(await phone.getAttribute("#overlaps tbody tr:first-child", "data-event-id"), "e-umt-elections");
  await phone.screenshot({ path: `${shots}/overlaps-mobile.png`, fullPage: true });
  check("overlap form from a shared URL on a phone");

  // Trends: four Vega-Lite charts from the vendored libraries, readable labels, whole-number ticks.
  await page.goto(new URL("trends?from=2026-03-09&to=2026-03-30", base).href, { waitUntil: "networkidle" });
  await ready(page);
  await page.waitForFunction(() => document.querySelectorAll("#charts svg.marks").length === 4);
  assert.equal(await page.textContent("#error"), "");
  const legend = await page.$$eval("#chart-topics-over-time .role-legend-label text", (t) => t.map((x) => x.textContent));
  assert.ok(legend.includes("Elections") && legend.includes("No topic matched"), legend.join(","));
  const ticks = await page.$$eval("#chart-topics-over-time .role-axis-label text", (t) => t.map((x) => x.textContent));
  assert.ok(ticks.some((t) => /Mar 2026/.test(t)), ticks.join(","));
  assert.ok(!ticks.some((t) => /^\d+\.\d+$/.test(t)), `fractional tick in ${ticks.join(",")}`);
  const kinds = await page.$$eval("#chart-org-types-over-time .role-legend-label text", (t) => t.map((x) => x.textContent));
  assert.deepEqual([...kinds].sort(), ["NGOs", "Parties", "Unions"]);
  const before = await page.textContent("#total");
  assert.match(before, /^13 event\(s\) in 3 period/);
  check(`trends page: 4 charts; topics ${legend.join(", ")}`);

  await page.selectOption("#f-country", "TN");
  await page.waitForFunction(() => document.body.dataset.state === "ready" && location.search.includes("country=TN"));
  await page.waitForFunction((b) => document.getElementById("total").textContent !== b, before);
  assert.match(await page.textContent("#total"), /^5 event\(s\)/);
  const platforms = await page.$$eval("#chart-platform-share .role-legend-label text", (t) => t.map((x) => x.textContent));
  assert.ok(platforms.includes("No platform known"), platforms.join(","));
  check("country filter narrows every chart; the none bucket is drawn: " + platforms.join(", "));
  await page.screenshot({ path: `${shots}/trends-desktop.png`, fullPage: true });

  // The Kibana panels: the same specs after the Elasticsearch prelude (flatten, labels) compile and draw.
  const drawn = await page.evaluate(async (cases) => {
    const out = {};
    for (const c of cases) {
      const div = document.createElement("div");
      div.style.width = "480px";
      document.body.append(div);
      await vegaEmbed(div, c.spec, { actions: false, renderer: "svg" });
      out[c.id] = {
        legend: [...div.querySelectorAll(".role-legend-label text, .role-axis-label text")].map((t) => t.textContent),
        marks: div.querySelectorAll(".mark-rect path").length,
      };
    }
    return out;
  }, kibanaCases);
  for (const c of kibanaCases) assert.ok(drawn[c.id].marks > 0, `${c.id} drew nothing`);
  if (kibanaCases.length) {
    assert.equal(kibanaCases.length, 4);
    const topics = drawn["civic-vega-topics-over-time"].legend;
    assert.ok(topics.includes("Elections") && topics.includes("No topic matched"), topics.join(","));
    assert.ok(drawn["civic-vega-topic-totals"].legend.includes("Work, wages, pensions"));
    assert.ok(drawn["civic-vega-org-types-over-time"].legend.includes("Unions"));
    assert.ok(drawn["civic-vega-platform-share"].legend.includes("Google Meet"));
    check("the Kibana Vega specs draw from Elasticsearch's own answer: " + Object.keys(drawn).join(", "));
  }

  await phone.goto(new URL("trends?from=2026-03-09&to=2026-03-30", base).href, { waitUntil: "networkidle" });
  await phone.waitForFunction(() => document.querySelectorAll("#charts svg.marks").length === 4);
  await phone.screenshot({ path: `${shots}/trends-mobile.png`, fullPage: true });
  check("trends page on a phone");

  assert.deepEqual(errors, []);
  report.ok = true;
} catch (error) {
  report.ok = false;
  report.error = String(error && error.stack || error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
process.exit(report.ok ? 0 : 1);
