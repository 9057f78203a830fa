// Third independent parser: read .ics files with ical.js (Mozilla's, used by Thunderbird) and
// print each file's events as JSON rows [uid, summary, startUTC, endUTC, status, sequence].
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const out = {};
for (const file of process.argv.slice(2)) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));  // times resolve through the feed's own VTIMEZONE
  }
  out[file] = root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const tzid = vevent.getFirstProperty("dtstart").getParameter("tzid");
    if (tzid && !ICAL.TimezoneService.has(tzid)) throw new Error(`${file}: no VTIMEZONE for ${tzid}`);
    return [
      event.uid, event.summary, event.startDate.toJSDate().toISOString(), event.endDate.toJSDate().toISOString(),
      vevent.getFirstPropertyValue("status"), event.sequence,
    ];
  });
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.remove(vtimezone.getFirstPropertyValue("tzid"));
  }
}
process.stdout.write(JSON.stringify(out));
