// The event page in a real headless Chromium: three languages, desktop and 390 px, add-to-calendar links.
// Usage: node event_page.test.mjs <base-url> <screenshot-dir> [chromium-path]
// Prints a JSON report; exits non-zero on the first failed check.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import ICAL from "ical.js";

const [base, shots, executablePath = "/usr/bin/chromium"] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const report = { checks: [] };
const check = (name) => report.checks.push(name);
const sizes = { desktop: { width: 1280, height: 900 }, mobile: { width: 390, height: 844 } };
const readable = { ar: "الاتحاد المغربي للشغل", fr: "Union marocaine du travail", en: "Union marocaine du travail" };

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  for (const lang of ["ar", "fr", "en"]) {
    for (const [size, viewport] of Object.entries(sizes)) {
      // A visitor in Tokyo: 18:00 in Casablanca (UTC+1) on 2 December is 02:00 on 3 December for them.
      const context = await browser.newContext({ timezoneId: "Asia/Tokyo", locale: lang, viewport, deviceScaleFactor: 1 });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(base).origin });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (error) => errors.push(String(error)));
      const url = new URL(`event/evt-tz-casa${lang === "ar" ? "" : `?lang=${lang}`}`, base).href;
      await page.goto(url, { waitUntil: "networkidle" });
      assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr");
      assert.equal(await page.getAttribute("html", "lang"), lang);

      const ld = JSON.parse(await page.textContent('script[type="application/ld+json"]'));
      assert.equal(ld["@type"], "Event");
      assert.equal(ld.location["@type"], "VirtualLocation");
      assert.match(ld.location.url, /^https:\/\/us02web\.zoom\.us\//);
      assert.equal(ld.startDate, "2026-12-02T18:00:00+01:00");
      assert.equal(ld.organizer[0].name, readable[lang]);

      const yours = await page.textContent(".when.yours");
      assert.match(yours, /Asia\/Tokyo/);
      assert.match(yours, /02:00[^]*03:00/);
      const theirs = await page.textContent(".when.organizer");
      // Casablanca is UTC+1 in December 2026: 18:00 to 19:00 there, whatever the browser's tz data says.
      assert.match(theirs, /18:00 \(Africa\/Casablanca, UTC\+01:00\)[^]*19:00 \(Africa\/Casablanca, UTC\+01:00\)/);
      assert.ok((await page.textContent(".organizers")).includes(readable[lang]));

      const google = new URL(await page.getAttribute("a.add-google", "href"));
      assert.equal(google.host, "calendar.google.com");
      assert.equal(google.searchParams.get("dates"), "20261202T170000Z/20261202T180000Z");
      const outlook = new URL(await page.getAttribute("a.add-outlook", "href"));
      assert.equal(outlook.host, "outlook.live.com");
      assert.equal(outlook.searchParams.get("startdt"), "2026-12-02T17:00:00Z");
      assert.equal(outlook.searchParams.get("enddt"), "2026-12-02T18:00:00Z");

      const ics = await page.request.get(await page.getAttribute("a.add-ics", "href"));
      assert.equal(ics.status(), 200);
      const vevent = new ICAL.Component(ICAL.parse(await ics.text())).getFirstSubcomponent("vevent");
      assert.equal(vevent.getFirstPropertyValue("uid"), "evt-tz-casa@civic-events-aggregator");
      assert.equal(vevent.getFirstPropertyValue("dtstart").toJSDate().toISOString(), "2026-12-02T17:00:00.000Z");

      await page.click("button.copy");
      await page.waitForSelector("button.copy[data-done=true]");
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

      await page.screenshot({ path: `${shots}/event-page-${lang}-${size}.png`, fullPage: true });
      assert.deepEqual(errors, []);
      check(`event page ${lang} ${size}: ${yours.trim()}`);
      await context.close();
    }
  }
  report.ok = true;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
