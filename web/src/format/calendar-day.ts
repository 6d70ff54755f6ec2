/**
 * Calendar days as History's address holds them ("2026-11-30"), in the person's own time zone: a day starts at their
 * midnight, not at UTC's, so "Today" and a date range mean what the person sees on their clock.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function localDate(day: string, offsetDays = 0): Date | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = new Date(year, month - 1, date + offsetDays);
  // 2026-02-31 would roll over into March; a day that does not exist is no day.
  if (offsetDays === 0 && (value.getFullYear() !== year || value.getMonth() !== month - 1 || value.getDate() !== date)) return null;
  return value;
}

/** The day a moment falls on, as "YYYY-MM-DD". */
export function dayOf(moment: Date | string): string {
  const date = typeof moment === 'string' ? new Date(moment) : moment;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether the text names a real day, "YYYY-MM-DD". */
export function isCalendarDay(text: string | null): text is string {
  return text !== null && localDate(text) !== null;
}

/** The moment the day starts, as an ISO timestamp (the API's `from`); null for text that is no day. */
export function startOfDay(day: string): string | null {
  return localDate(day)?.toISOString() ?? null;
}

/** The moment the day ends, that is the next day starts (the API's `to`, which is exclusive); null for no day. */
export function endOfDay(day: string): string | null {
  return localDate(day) === null ? null : (localDate(day, 1)?.toISOString() ?? null);
}

/** "30 Nov 2026": a day in a sentence, such as History's summary. */
export function formatDay(day: string): string {
  const date = localDate(day);
  return date ? date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }) : day;
}

/** "Today", "Yesterday", "Friday, 27 November", and the year too when it is not this year: a heading over a day's images. */
export function dayHeading(day: string, now = new Date()): string {
  const today = dayOf(now);
  if (day === today) return 'Today';
  if (day === dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1))) return 'Yesterday';
  const date = localDate(day);
  if (!date) return day;
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() !== now.getFullYear() && { year: 'numeric' }),
  });
}
