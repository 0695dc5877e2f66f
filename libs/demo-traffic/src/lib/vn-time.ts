import { fromDayNumber, toDayNumber, type LocalDate } from '@dossier-ledger/calendar';

const DAY_MS = 86_400_000;
const OFFSET_MS = 7 * 3_600_000;

/** Epoch ms of a local (Asia/Ho_Chi_Minh, UTC+7) date at `second` seconds after midnight. */
export function vnInstant(date: LocalDate, second: number): number {
  return toDayNumber(date) * DAY_MS + second * 1000 - OFFSET_MS;
}

/** The local date of an instant. */
export function vnDateOf(ms: number): LocalDate {
  return fromDayNumber(Math.floor((ms + OFFSET_MS) / DAY_MS));
}

/** Seconds after local midnight of an instant. */
export function vnSecondOfDay(ms: number): number {
  return Math.floor(((((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
}

/** ISO-8601 with the +07:00 offset, to the second: `2026-11-25T09:30:12+07:00`. */
export function vnIso(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}
