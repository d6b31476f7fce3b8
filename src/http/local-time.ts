/** Date and time fields in pages are Amsterdam wall-clock time; the domain works in instants. */
const ZONE = 'Europe/Amsterdam';

function offsetMinutes(instant: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** "2026-11-20" + "14:30" in Amsterdam → ISO 8601 with offset, or undefined when not valid. */
export function amsterdamToIso(date: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const asUtc = new Date(`${date}T${time}:00Z`);
  if (Number.isNaN(asUtc.getTime())) return undefined;
  // Guess the offset at that wall-clock time, then correct once (daylight-saving edges).
  let instant = new Date(asUtc.getTime() - offsetMinutes(asUtc) * 60_000);
  instant = new Date(asUtc.getTime() - offsetMinutes(instant) * 60_000);
  return instant.toISOString();
}

/** An instant as Amsterdam date and time strings for form fields. */
export function isoToAmsterdam(instant: Date): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}
