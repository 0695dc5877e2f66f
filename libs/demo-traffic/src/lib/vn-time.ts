import { toDayNumber, VN_UTC_OFFSET_MS, type LocalDate } from '@dossier-ledger/calendar';

const DAY_MS = 86_400_000;

/** Epoch ms of a local (Asia/Ho_Chi_Minh, UTC+7) date at `second` seconds after midnight. */
export function vnInstant(date: LocalDate, second: number): number {
  return toDayNumber(date) * DAY_MS + second * 1000 - VN_UTC_OFFSET_MS;
}

/** Seconds after local midnight of an instant. */
export function vnSecondOfDay(ms: number): number {
  return Math.floor(((((ms + VN_UTC_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
}
