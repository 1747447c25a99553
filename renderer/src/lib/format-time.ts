/** Dates for people: "just now", "5 minutes ago", "yesterday", then a short date. */
// Long units: the short style abbreviates with full stops in English ("2 min. ago", "3 hr. ago").
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' });
const dayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const yearFmt = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
/**
 * Times as the locale writes them: "1:44 AM" on a 12-hour clock (a padded "01:44 AM" is not how
 * anyone writes it), "01:44" on a 24-hour one.
 */
export function timeFormat(locale?: string): Intl.DateTimeFormat {
  const { hourCycle } = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions();
  const twelveHour = hourCycle === 'h11' || hourCycle === 'h12';
  return new Intl.DateTimeFormat(locale, {
    hour: twelveHour ? 'numeric' : '2-digit',
    minute: '2-digit',
  });
}
const timeFmt = timeFormat();
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const diff = now - t;
  if (diff < 45_000) return 'just now';
  if (diff < HOUR) return rtf.format(-Math.round(diff / MIN), 'minute');
  if (diff < DAY) return rtf.format(-Math.round(diff / HOUR), 'hour');
  if (diff < 7 * DAY) return rtf.format(-Math.round(diff / DAY), 'day');
  const date = new Date(t);
  return date.getFullYear() === new Date(now).getFullYear()
    ? dayFmt.format(date)
    : yearFmt.format(date);
}

/** Chat timestamps: time only today, "Yesterday 14:03", else a date and time. */
export function messageTime(iso: string, now: number): string {
  const when = calendarDay(iso, now);
  if (!when) return '';
  const time = timeFmt.format(when.date);
  if (when.day === 'today') return time;
  if (when.day === 'yesterday') return `Yesterday ${time}`;
  return `${(when.day === 'this year' ? dayFmt : yearFmt).format(when.date)}, ${time}`;
}

/** Which local calendar day a timestamp falls on, relative to now; null if it is no date. */
function calendarDay(
  iso: string,
  now: number,
): { date: Date; day: 'today' | 'yesterday' | 'this year' | 'older' } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const date = new Date(t);
  const today = new Date(now);
  const y = today.getFullYear();
  const startOfToday = new Date(y, today.getMonth(), today.getDate()).getTime();
  const startOfYesterday = new Date(y, today.getMonth(), today.getDate() - 1).getTime();
  if (t >= startOfToday) return { date, day: 'today' };
  if (t >= startOfYesterday) return { date, day: 'yesterday' };
  return { date, day: date.getFullYear() === y ? 'this year' : 'older' };
}

const weekdayFmt = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const weekdayYearFmt = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** The local calendar day of a timestamp, as a key: two messages of one day share it. */
export function localDayKey(iso: string): string {
  const date = new Date(Date.parse(iso));
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

/** A chat day divider: "Today", "Yesterday", "Monday 23 November" (plus the year if not this one). */
export function dayLabel(iso: string, now: number): string {
  const when = calendarDay(iso, now);
  if (!when) return '';
  if (when.day === 'today') return 'Today';
  if (when.day === 'yesterday') return 'Yesterday';
  return (when.day === 'this year' ? weekdayFmt : weekdayYearFmt).format(when.date);
}

export function fullDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '' : fullFmt.format(new Date(t));
}
