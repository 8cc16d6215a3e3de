// Drive the official Node SDK (@gohighlevel/api-client) against an emulator, unmodified but
// for its base URL; print {call: status} as JSON. Usage: node node_sdk_run.cjs URL TOKEN LOC
const { HighLevel } = require("@gohighlevel/api-client");

const [url, token, loc] = process.argv.slice(2);
const MONDAY = 1730073600000;
const DAY = 86400000;

async function main() {
  const ghl = new HighLevel({ privateIntegrationToken: token, logLevel: "error" });
  ghl.httpClient.defaults.baseURL = url;
  const statuses = {};
  let last = 0;
  ghl.httpClient.interceptors.response.use(
    (response) => { last = response.status; return response; },
    (error) => { last = error.response ? error.response.status : -1; throw error; },
  );
  const run = async (name, call) => {
    last = 0;
    let result;
    try { result = await call(); } catch (error) { result = null; }
    statuses[name] = last;
    return result;
  };
  const cal = ghl.calendars;
  await run("getCalendars", () => cal.getCalendars({ locationId: loc }));
  const made = await run("createCalendar", () => cal.createCalendar({ locationId: loc, name: "Node" }));
  const cid = made.calendar.id;
  await run("getCalendar", () => cal.getCalendar({ calendarId: cid }));
  await run("updateCalendar", () => cal.updateCalendar({ calendarId: cid }, { name: "Node 2" }));
  const slots = await run("getSlots", () =>
    cal.getSlots({ calendarId: cid, startDate: MONDAY, endDate: MONDAY + DAY, timezone: "UTC" }));
  const start = slots["2024-10-28"].slots[0];
  const booked = await run("createAppointment", () =>
    cal.createAppointment({ calendarId: cid, locationId: loc, contactId: "c1", startTime: start }));
  await run("getAppointment", () => cal.getAppointment({ eventId: booked.id }));
  await run("editAppointment", () => cal.editAppointment({ eventId: booked.id }, { title: "Moved" }));
  await run("getCalendarEvents", () => cal.getCalendarEvents({
    locationId: loc, calendarId: cid, startTime: String(MONDAY), endTime: String(MONDAY + DAY),
  }));
  await run("deleteEvent", () => cal.deleteEvent({ eventId: booked.id }, {}));
  await run("deleteCalendar", () => cal.deleteCalendar({ calendarId: cid }));
  console.log(JSON.stringify(statuses));
}

main().catch((error) => { console.error(error); process.exit(1); });
