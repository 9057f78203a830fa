// Drive the public page in a real headless Chromium (Debian's, through playwright-core).
// Usage: node page.test.mjs <base-url> <screenshot-dir> [chromium-path]
// Prints a JSON report; exits non-zero on the first failed check.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";

const [base, shots, executablePath = "/usr/bin/chromium"] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const report = { checks: [] };
const check = (name) => report.checks.push(name);

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  // A visitor in Tokyo on a phone: times must be shown in Asia/Tokyo, not the event's zone.
  const context = await browser.newContext({
    timezoneId: "Asia/Tokyo", locale: "ar", viewport: { width: 390, height: 844 }, deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(base, { waitUntil: "networkidle" });
  await page.waitForSelector("body[data-state=ready]");

  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  check("rtl arabic page");

  const api = await (await page.request.get(new URL("api/events", base).href)).json();
  const shown = await page.$$eval("#events li.event", (items) => items.map((li) => li.dataset.eventId));
  assert.deepEqual(shown, api.events.map((e) => e.event_id));
  assert.ok(shown.length >= 5, `only ${shown.length} events shown`);
  check(`lists ${shown.length} events from Elasticsearch`);
  await page.screenshot({ path: `${shots}/public-page-ar-mobile.png`, fullPage: true });

  // French, then English: direction flips; times in the visitor's zone.
  await page.click("#languages button[data-lang=fr]");
  await page.waitForSelector("body[data-state=ready]");
  assert.equal(await page.getAttribute("html", "dir"), "ltr");
  assert.match(await page.textContent("#subscribe-title"), /S'abonner/);
  await page.click("#languages button[data-lang=en]");
  await page.waitForSelector("body[data-state=ready]");
  const casa = page.locator('li[data-event-id="evt-tz-casa"] time');
  // 2026-12-02 18:00 in Casablanca (UTC+1) is 02:00 on Thursday 3 December in Tokyo.
  const casaText = await casa.textContent();
  assert.match(casaText, /3 December 2026/);
  assert.match(casaText, /02:00/);
  assert.match(await page.textContent("#timezone"), /Asia\/Tokyo/);
  check("time shown in the visitor's zone: " + casaText);

  // Filters: Tunisia + party.
  await page.selectOption("#filter-country", "TN");
  await page.waitForSelector("body[data-state=ready]");
  await page.selectOption("#filter-org_type", "party");
  await page.waitForFunction(() => document.body.dataset.state === "ready" && location.search.includes("org_type=party"));
  await page.waitForSelector("body[data-state=ready]");
  const filtered = await page.$$eval("#events li.event", (items) => items.map((li) => li.dataset.eventId));
  assert.deepEqual([...filtered].sort(), ["evt-forum", "evt-inject", "evt-postponed", "evt-postponed-tbd", "evt-tz-tunis"]);
  assert.match(page.url(), /country=TN/);
  check("filters narrow the list: " + filtered.join(","));

  // Subscribe links point at valid feeds with the same filters.
  const webcal = await page.getAttribute("#subscribe-webcal", "href");
  const google = await page.getAttribute("#subscribe-google", "href");
  const https = await page.getAttribute("#subscribe-https", "href");
  assert.ok(webcal.startsWith("webcal://"), webcal);
  assert.equal(webcal.replace(/^webcal:/, ""), https.replace(/^https?:/, ""));
  assert.match(https, /country=TN/);
  assert.match(https, /org_type=party/);
  assert.match(https, /lang=en/);
  assert.equal(new URL(google).searchParams.get("cid"), webcal);
  const feed = await page.request.get(https);
  assert.equal(feed.status(), 200);
  assert.equal(feed.headers()["content-type"], "text/calendar; charset=utf-8");
  const body = await feed.text();
  assert.ok(body.startsWith("BEGIN:VCALENDAR\r\n"));
  assert.equal((body.match(/\r\nBEGIN:VEVENT\r\n/g) || []).length, 5);
  check("subscribe links: " + https);

  const ics = await page.getAttribute('li[data-event-id="evt-tz-tunis"] a.ics', "href");
  const one = await page.request.get(ics);
  assert.equal(one.status(), 200);
  assert.match(one.headers()["content-disposition"], /^attachment/);
  assert.match(await one.text(), /UID:evt-tz-tunis@civic-events-aggregator/);
  check("one-event download: " + ics);

  await page.screenshot({ path: `${shots}/public-page-en-filtered.png`, fullPage: true });
  assert.deepEqual(errors, []);
  report.ok = true;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
