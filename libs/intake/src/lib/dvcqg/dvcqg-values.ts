import { VN_UTC_OFFSET } from '@dossier-ledger/calendar';
import { DvcqgFieldError } from './dvcqg-errors';

/** Statuses of the portal, in the order of their numeric codes 1–10, plus the transfer word. */
export const DVCQG_STATUS_WORDS = [
  'receiving', // 1 submitted online, not yet accepted
  'new', // 2 received
  'denied', // 3 refused
  'processing', // 4
  'waiting', // 5 waiting for the applicant's supplement
  'paying', // 6 waiting for fees
  'cancelled', // 7 withdrawn by the applicant
  'unresolved', // 8 processing stopped
  'releasing', // 9 resolved, result not yet handed back
  'done', // 10 result returned
] as const;

export type DvcqgStatus = (typeof DVCQG_STATUS_WORDS)[number] | 'interoperating';

const ALL_STATUS_WORDS: readonly string[] = [...DVCQG_STATUS_WORDS, 'interoperating'];

/** Vendors send empty strings and nulls for what they do not know: both mean "missing". */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A scalar's text. Objects and arrays are refused: `String(["1"])` would otherwise pass for "1",
 * and `String({})` would hide the real mistake behind a confusing message.
 */
function scalarText(value: unknown, field: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value).trim();
  throw new DvcqgFieldError(
    field,
    `must be a string or a number (got ${Array.isArray(value) ? 'an array' : 'an object'})`,
  );
}

/** A value as shown in an error message: JSON, cut short (a hostile value may be megabytes long). */
export function shownValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

/** Status code 1–10 as a number or a numeric string, or one of the English status words. */
export function parseStatus(value: unknown, field: string): DvcqgStatus {
  if (isMissing(value)) throw new DvcqgFieldError(field, 'is required');
  const text = scalarText(value, field);
  if (/^\d+$/.test(text)) {
    const word = DVCQG_STATUS_WORDS[Number(text) - 1];
    if (word) return word;
  }
  const lower = text.toLowerCase();
  if (ALL_STATUS_WORDS.includes(lower)) return lower as DvcqgStatus;
  throw new DvcqgFieldError(
    field,
    `must be a status code 1–10 or one of ${ALL_STATUS_WORDS.join(', ')} (got ${shownValue(value)})`,
  );
}

/** A small integer sent as a number or a numeric string; undefined when missing. */
export function parseCode(value: unknown, field: string, allowed: readonly number[]): number | undefined {
  if (isMissing(value)) return undefined;
  const text = scalarText(value, field);
  const code = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!allowed.includes(code))
    throw new DvcqgFieldError(field, `must be one of ${allowed.join(', ')} (got ${shownValue(value)})`);
  return code;
}

/** 1/"1"/true/"true" are true; 0/"0"/false/"false"/missing are false. */
export function parseFlag(value: unknown, field: string): boolean {
  if (isMissing(value)) return false;
  const text = scalarText(value, field).toLowerCase();
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new DvcqgFieldError(field, `must be 0/1 or true/false (got ${shownValue(value)})`);
}

/** A value a vendor sent that the mapping could not read but did not need to refuse the snapshot for. */
export interface DvcqgWarning {
  /** Path in the payload, e.g. `data[0].DanhSachHoSoBoSung[1].TrangThaiBoSung`. */
  readonly field: string;
  readonly value: unknown;
  /** What the mapping did instead. */
  readonly reason: string;
}

/**
 * A flag whose value space differs between vendors: true/false as parseFlag reads them, undefined for
 * anything else after recording a warning saying what was done instead (`fallback`). Only fields that
 * another field decides, or that change no headline figure, are read this way (docs/dvcqg.md).
 */
export function readTolerantFlag(
  value: unknown,
  field: string,
  warnings: DvcqgWarning[],
  fallback: string,
): boolean | undefined {
  try {
    return parseFlag(value, field);
  } catch {
    warnings.push({ field, value, reason: `not 0/1 or true/false: ${fallback}` });
    return undefined;
  }
}

/** A code whose value space differs between vendors: undefined and a warning when not one of `allowed`. */
export function readTolerantCode(
  value: unknown,
  field: string,
  allowed: readonly number[],
  warnings: DvcqgWarning[],
  fallback: string,
): number | undefined {
  try {
    return parseCode(value, field, allowed);
  } catch {
    warnings.push({ field, value, reason: `not one of ${allowed.join(', ')}: ${fallback}` });
    return undefined;
  }
}

/** A trimmed string, undefined when missing; numbers are accepted and turned into strings. */
export function parseText(value: unknown, field: string): string | undefined {
  if (isMissing(value)) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new DvcqgFieldError(field, 'must be a string');
  return String(value).trim();
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * A portal date: `yyyyMMddHHmmss` (or `yyyyMMdd`) in Asia/Ho_Chi_Minh local time, as a string or a
 * number. ISO `yyyy-MM-ddTHH:mm:ss` (local, or with an offset) is accepted too, since some vendors
 * serialise their DateTime fields that way. Returns ISO-8601 with +07:00; undefined when missing.
 */
export function parseDvcqgDate(value: unknown, field: string): string | undefined {
  if (isMissing(value)) return undefined;
  const text = scalarText(value, field);
  const compact = COMPACT.exec(text);
  const iso = compact ? undefined : ISO_LOCAL.exec(text);
  const parts = compact ?? iso;
  if (!parts) throw new DvcqgFieldError(field, `must be a date yyyyMMddHHmmss (got ${shownValue(value)})`);
  const [year, month, day, hour = '00', minute = '00', second = '00'] = parts.slice(1, 7).map((p) => p ?? undefined);
  const offset = iso?.[7] ?? VN_UTC_OFFSET;
  const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const valid =
    probe.getUTCMonth() === Number(month) - 1 &&
    probe.getUTCDate() === Number(day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60;
  if (!valid) throw new DvcqgFieldError(field, `is not a valid date (got ${shownValue(value)})`);
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${offset === 'Z' ? 'Z' : offset}`;
}

/** An array field; missing → []. */
export function parseList(value: unknown, field: string): unknown[] {
  if (isMissing(value)) return [];
  if (!Array.isArray(value)) throw new DvcqgFieldError(field, 'must be an array');
  return value;
}
