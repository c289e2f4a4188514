/**
 * Numbers and dates the Vietnamese way (1.250,5; 06/12/2026 21:30), in the learner's local time.
 */

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const DATE_TIME = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
});

export function number(value: number): string {
  return NUMBER.format(value);
}

/** "3/12 điểm" */
export function points(got: number, max: number): string {
  return `${number(got)}/${number(max)} điểm`;
}

/**
 * nbgrader's timestamp ("2026-12-06 14:30:00.123456 UTC" by default: its Exchange.timestamp_format
 * and timezone) as a Date. A zone name or none at all means UTC, nbgrader's default timezone;
 * a numeric offset (+0700, +07:00) is honoured.
 */
export function parseNbgraderTimestamp(text: string): Date | null {
  const found =
    /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(.*)$/.exec(
      text.trim()
    );
  if (!found) {
    return null;
  }
  const [, y, mo, d, h, mi, s, frac, zone] = found;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0, millis);
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone.trim());
  if (offset) {
    const minutes = (+offset[2] * 60 + +offset[3]) * (offset[1] === '-' ? -1 : 1);
    utc -= minutes * 60_000;
  }
  return new Date(utc);
}

/** dd/mm/yyyy HH:mm in local time. */
export function dateTime(date: Date): string {
  const part: Record<string, string> = {};
  for (const { type, value } of DATE_TIME.formatToParts(date)) {
    part[type] = value;
  }
  return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute}`;
}

/** An nbgrader timestamp for a learner: local time, Vietnamese format (the text itself if unreadable). */
export function submittedAt(timestamp: string): string {
  const date = parseNbgraderTimestamp(timestamp);
  return date ? dateTime(date) : timestamp;
}
