/** Vietnam has used UTC+7 without daylight saving since 1975. */
export const VIETNAM_OFFSET = '+07:00';
const OFFSET_MS = 7 * 3600 * 1000;

/** The Asia/Ho_Chi_Minh calendar date (YYYY-MM-DD) of an ISO-8601 instant with offset. */
export function localDateOf(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO-8601 instant: ${instant}`);
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as ISO-8601 in Vietnam local time with its offset, e.g. 2023-01-05T08:30:00+07:00. */
export function toVietnamIso(instant: Date): string {
  return `${new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 19)}${VIETNAM_OFFSET}`;
}
