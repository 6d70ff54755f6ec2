import { dayOf } from './calendar-day.ts';

const sameDay = (a: Date, b: Date) => dayOf(a) === dayOf(b);

/** "Today at 14:32", "Yesterday at 09:05", or a short date for anything older; in the viewer's locale and zone. */
export function formatJobTime(iso: string, now: Date = new Date(), locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  if (sameDay(date, now)) return `Today at ${time}`;
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return `Yesterday at ${time}`;
  const day = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  }).format(date);
  return `${day} at ${time}`;
}
