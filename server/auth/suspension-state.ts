import type { UserRow } from '../store/users.store';

/** A person's suspension at `now`: over by itself once `suspended_until` has passed. */
export interface ActiveSuspension {
  /** ISO-8601 UTC; null: indefinitely. */
  until: string | null;
}

export function activeSuspension(
  row: Pick<UserRow, 'suspended' | 'suspended_until'>,
  now: number,
): ActiveSuspension | null {
  if (row.suspended !== 1) return null;
  if (row.suspended_until === null) return { until: null };
  return Date.parse(row.suspended_until) > now ? { until: row.suspended_until } : null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "until 12 Dec 2026 14:00 UTC" or "indefinitely": the same words on every machine. */
export function suspensionEndText(until: string | null): string {
  if (until === null) return 'indefinitely';
  const d = new Date(until);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `until ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/** The login's answer to a suspended person. */
export function suspendedMessage(until: string | null): string {
  return `Your account is suspended ${suspensionEndText(until)}. A moderator can lift it sooner.`;
}
