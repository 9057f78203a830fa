// The public page's month and week views in a real headless Chromium, three languages, desktop and 390 px.
// Usage: node calendar_view.test.mjs <base-url> <screenshot-dir> [chromium-path]
// Prints a JSON report; exits non-zero on the first failed check.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";

const [base, shots, executablePath = "/usr/bin/chromium"] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const report = { checks: [] };
const check = (name) => report.checks.push(name);
const sizes = { desktop: { width: 1280, height: 900 }, mobile: { width: 390, height: 844 } };

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  for (const lang of ["ar", "fr", "en"]) {
    for (const [size, viewport] of Object.entries(sizes)) {
      const context = await browser.newContext({ timezoneId: "Asia/Tokyo", locale: lang, viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (error) => errors.push(String(error)));
      await page.goto(new URL(`?lang=${lang}`, base).href, { waitUntil: "networkidle" });
      await page.waitForSelector("body[data-state=ready]");
      const api = await (await page.request.get(new URL(`api/events?lang=${lang}`, base).href)).json();

      // The list's titles lead to the event pages.
      const first = api.events[0];
      assert.equal(await page.getAttribute(`li[data-event-id="${first.event_id}"] h3 a.page`, "href"), first.page_url);
      // French and English lists name the organization by its Latin name, Arabic by its Arabic one.
      assert.match(await page.textContent('li[data-event-id="evt-tz-casa"] .organizers'),
        lang === "ar" ? /الاتحاد المغربي للشغل/ : /Union marocaine du travail/);

      await page.click('#views button[data-view="month"]');
      assert.equal(await page.isVisible("#calendar"), true);
      assert.equal(await page.isVisible("#events"), false);
      assert.match(page.url(), /#month$/);
      // The first upcoming event's month is shown; every event of that month (viewer's days) is in it.
      const monthEntries = await page.$$eval("#calendar-grid .entry", (nodes) => nodes.map((n) => n.dataset.eventId));
      assert.ok(monthEntries.length >= 3, `${monthEntries.length} entries`);
      // 18:00 on 2 December in Casablanca is the 3rd in Tokyo.
      assert.equal(await page.getAttribute('#calendar-grid .entry[data-event-id="evt-tz-casa"]', "href"),
        api.events.find((e) => e.event_id === "evt-tz-casa").page_url);
      const casaDay = await page.$eval('#calendar-grid .entry[data-event-id="evt-tz-casa"]', (a) => a.closest(".day").dataset.day);
      assert.equal(casaDay, "2026-12-03");
      await page.screenshot({ path: `${shots}/month-view-${lang}-${size}.png`, fullPage: true });

      // Next month and back: the grid follows.
      const title = await page.textContent("#calendar-title");
      await page.click("#calendar-next");
      assert.notEqual(await page.textContent("#calendar-title"), title);
      await page.click("#calendar-previous");
      assert.equal(await page.textContent("#calendar-title"), title);

      await page.click('#views button[data-view="week"]');
      const weekDays = await page.$$eval("#calendar-grid .day", (nodes) => nodes.length);
      assert.equal(weekDays, 7);
      // The week of the month's first event: evt-tz-casa's week has it, on Thursday 3 December in Tokyo.
      const weekEntries = await page.$$eval("#calendar-grid .entry", (nodes) => nodes.map((n) => n.dataset.eventId));
      assert.ok(weekEntries.length >= 1, "empty week");
      await page.screenshot({ path: `${shots}/week-view-${lang}-${size}.png`, fullPage: true });
      await page.click('#views button[data-view="list"]');
      assert.equal(await page.isVisible("#events"), true);
      assert.deepEqual(errors, []);
      check(`month and week views ${lang} ${size}: ${monthEntries.length} entries in ${title}`);
      await context.close();
    }
  }
  report.ok = true;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
