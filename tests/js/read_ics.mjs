// Reads an iCalendar file on standard input with ical.js (the engine of Thunderbird's calendar)
// and prints each event's UID, METHOD and start and end as UTC instants, as JSON lines.
// Called by tests/programmes/test_calendar_parsers.py; the times must be resolved through the
// file's own VTIMEZONE, as a calendar program that has never heard of Europe/Stockholm would.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(zone));
}
const method = calendar.getFirstPropertyValue("method");
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    method: method,
    tzid: component.getFirstProperty("dtstart").getParameter("tzid") ?? null,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
  };
});
process.stdout.write(JSON.stringify(events));
