/**
 * Time arithmetic of notice periods. A notice period is a number of whole days of 24 hours counted
 * from the moment the e-mail was sent (or, before it is, from when the notice opened), in UTC, so a
 * deadline never shifts with a time zone's daylight-saving change.
 */
export const DAY_MS = 86_400_000;

/** When an objection window of `noticePeriodDays`, opened at `openedAt`, closes. */
export function windowClosesAt(openedAt: Date | number, noticePeriodDays: number): Date {
  const start = typeof openedAt === 'number' ? openedAt : openedAt.getTime();
  return new Date(start + noticePeriodDays * DAY_MS);
}
