import { daysFromCivil, VN_UTC_OFFSET_MINUTES } from '@dossier-ledger/calendar';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const LOCAL_OFFSET_MS = VN_UTC_OFFSET_MINUTES * MS_PER_MINUTE;

function digits(s: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Offset in minutes of the zone designator starting at `at` (`Z`, `±HH:mm`), or NaN. */
function offsetMinutes(s: string, at: number): number {
  const sign = s.charCodeAt(at);
  if (sign === 90 && at + 1 === s.length) return 0;
  if ((sign !== 43 && sign !== 45) || at + 6 !== s.length || s.charCodeAt(at + 3) !== 58) return NaN;
  const hours = digits(s, at + 1, 2);
  const minutes = digits(s, at + 4, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return NaN;
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Epoch milliseconds of an ISO-8601 instant with offset, NaN when unreadable. A fast path reads the
 * canonical event shape (`YYYY-MM-DDTHH:mm[:ss[.f…]](Z|±HH:mm)`, fraction truncated to milliseconds
 * like Date.parse); anything else goes to Date.parse. A property test pins it to Date.parse.
 */
export function parseInstant(s: string): number {
  if (
    s.length < 17 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58
  ) {
    return Date.parse(s);
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    return Date.parse(s); // days 29–31 too: Date.parse knows month lengths
  }
  let at = 16;
  let ms = 0;
  if (s.charCodeAt(at) === 58) {
    const second = digits(s, at + 1, 2);
    if (second < 0 || second > 59) return Date.parse(s);
    ms = second * 1000;
    at += 3;
    if (s.charCodeAt(at) === 46) {
      at++;
      let scale = 100;
      for (let d = s.charCodeAt(at) - 48; d >= 0 && d <= 9; d = s.charCodeAt(at) - 48) {
        ms += d * scale;
        scale /= 10;
        at++;
      }
      ms = Math.floor(ms);
    }
  }
  const offset = offsetMinutes(s, at);
  if (Number.isNaN(offset)) return Date.parse(s);
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offset) * MS_PER_MINUTE + ms;
}

/** Calendar day number (days since 1970-01-01 in UTC+7, the numbering of calendar.toDayNumber) of an epoch instant. */
export function localDayOfEpochMs(epochMs: number): number {
  return Math.floor((epochMs + LOCAL_OFFSET_MS) / MS_PER_DAY);
}

/** Calendar day number of an ISO-8601 instant with offset (NaN when unreadable): toDayNumber(localDateOf(iso)), without building strings. */
export function localDayOfInstant(isoWithOffset: string): number {
  return localDayOfEpochMs(parseInstant(isoWithOffset));
}
