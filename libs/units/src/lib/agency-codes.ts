import { AgencyConflictError, InvalidAgencyCodeError, UnitsError, UnknownUnitError } from './unit-errors';
import type { AgencyMap } from './unit-types';

/**
 * Electronic agency code (mã định danh, QCVN 102:2016 / QĐ 20/2020/QĐ-TTg): `V1V2V3.Z1Z2.Y1Y2.Xnn`,
 * e.g. `000.00.00.H49` (UBND tỉnh Quảng Ninh); the last part is the level-1 code (H.. = province).
 */
export const AGENCY_CODE_PATTERN = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z]\d{2}$/;

export function isAgencyCode(value: unknown): value is string {
  return typeof value === 'string' && AGENCY_CODE_PATTERN.test(value);
}

export function assertAgencyCode(value: unknown): asserts value is string {
  if (!isAgencyCode(value)) throw new InvalidAgencyCodeError(value);
}

/** Thrown for an agency JSON file that is not an object of agencyCode -> unitCode strings. */
export class InvalidAgencyMapError extends UnitsError {}

/** Validate the agency JSON (e.g. agency-codes.json). `$`-prefixed keys are comments, kept as is. */
export function parseAgencyMap(json: unknown): AgencyMap {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidAgencyMapError('Agency map must be a JSON object');
  }
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith('$')) continue;
    if (!isAgencyCode(key)) throw new InvalidAgencyCodeError(key);
    if (typeof value !== 'string') throw new InvalidAgencyMapError(`Unit code for ${key} must be a string`);
  }
  return json as AgencyMap;
}

/** What addAgencyMapping needs to know about units. */
export interface AgencyUnitLookup {
  hasCode(code: string): boolean;
}

export interface AddAgencyMappingResult {
  /** The new JSON object to write: comments first, then agency codes sorted. */
  readonly json: Record<string, string>;
  readonly agencyCode: string;
  readonly unitCode: string;
  /** Unit the agency was mapped to before, if any. */
  readonly previous?: string;
  readonly changed: boolean;
}

/**
 * Pure core of `npm run units -- map-agency AGENCY UNIT`: validates the file content, the agency
 * code and the unit code (must exist in some era), and returns the updated object; the caller
 * writes it (formatAgencyMapJson). Throws AgencyConflictError unless `replace` is set.
 */
export function addAgencyMapping(
  current: unknown,
  agencyCode: string,
  unitCode: string,
  units: AgencyUnitLookup,
  options: { replace?: boolean } = {},
): AddAgencyMappingResult {
  const map = parseAgencyMap(current);
  const agency = agencyCode.trim().toUpperCase();
  const unit = unitCode.trim();
  assertAgencyCode(agency);
  if (!units.hasCode(unit)) throw new UnknownUnitError(unit, 'any date');
  const previous = map[agency];
  if (previous !== undefined && previous !== unit && !options.replace) {
    throw new AgencyConflictError(agency, previous, unit);
  }
  const entries = Object.entries({ ...map, [agency]: unit });
  const comments = entries.filter(([k]) => k.startsWith('$'));
  const codes = entries.filter(([k]) => !k.startsWith('$')).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    json: Object.fromEntries([...comments, ...codes]),
    agencyCode: agency,
    unitCode: unit,
    ...(previous !== undefined ? { previous } : {}),
    changed: previous !== unit,
  };
}

/** Stable file text for the agency JSON (2-space indent, trailing newline). */
export function formatAgencyMapJson(json: AgencyMap): string {
  return `${JSON.stringify(json, null, 2)}\n`;
}
