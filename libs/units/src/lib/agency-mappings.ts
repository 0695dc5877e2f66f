import { assertAgencyCode, isAgencyCode } from './agency-codes';
import { UnitsError } from './unit-errors';
import type { AgencyMap } from './unit-types';
import { isIsoLocalDate, parseIsoLocalDate, previousDay } from '@dossier-ledger/calendar';

/**
 * Effective-dated agency mappings (mã định danh → GSO unit). An agency's unit changes over time —
 * the 07/2025 reform moved every commune-level agency to a new commune code — so each agency has
 * consecutive periods `[validFrom, validTo]` (inclusive local dates, null = open), none overlapping.
 * Pure: the store, the admin API and the CLI all edit mappings through these functions.
 */
export interface AgencyPeriod {
  readonly unitCode: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface AgencyMapping {
  readonly agencyCode: string;
  readonly periods: readonly AgencyPeriod[];
}

/** A mapping the unit data or the other periods refuse; the message names the field and the rule. */
export class AgencyMappingError extends UnitsError {}

/** What validation needs to know about units. */
export interface AgencyUnitDates {
  hasCode(code: string): boolean;
  get(code: string, onDate: string): unknown;
}

const covers = (period: AgencyPeriod, onDate: string) =>
  (period.validFrom === null || period.validFrom <= onDate) && (period.validTo === null || onDate <= period.validTo);

/** Every agency's periods, looked up by code and date. Immutable: a change builds a new table. */
export class AgencyMappingTable {
  private readonly byAgency = new Map<string, readonly AgencyPeriod[]>();

  constructor(mappings: Iterable<AgencyMapping> = []) {
    for (const mapping of mappings) this.byAgency.set(mapping.agencyCode, mapping.periods);
  }

  /** The shipped JSON (agency → unit, valid at any date). */
  static fromAgencyMap(map: AgencyMap): AgencyMappingTable {
    return new AgencyMappingTable(
      Object.entries(map)
        .filter(([agency]) => !agency.startsWith('$'))
        .map(([agencyCode, unitCode]) => ({ agencyCode, periods: [{ unitCode, validFrom: null, validTo: null }] })),
    );
  }

  /**
   * The unit the agency stood for on the date; without a date, the latest period's unit (the
   * agency's current unit).
   */
  unitFor(agencyCode: string, onDate?: string): string | undefined {
    const periods = this.byAgency.get(agencyCode);
    if (!periods || periods.length === 0) return undefined;
    if (onDate === undefined) return periods[periods.length - 1].unitCode;
    return periods.find((p) => covers(p, onDate))?.unitCode;
  }

  has(agencyCode: string): boolean {
    return this.byAgency.has(agencyCode);
  }

  get(agencyCode: string): AgencyMapping | undefined {
    const periods = this.byAgency.get(agencyCode);
    return periods && { agencyCode, periods };
  }

  list(): AgencyMapping[] {
    return [...this.byAgency]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([agencyCode, periods]) => ({ agencyCode, periods }));
  }

  get size(): number {
    return this.byAgency.size;
  }
}

/** The day before a local date (closing a period when the next one starts). */
function dayBefore(date: string): string {
  return previousDay(parseIsoLocalDate(date));
}

/**
 * Validates a complete mapping: a well-formed agency code; periods sorted, not overlapping,
 * validFrom ≤ validTo; each unit a unit of the hierarchy on its period's first day (any era when
 * the period has no start). Returns it normalised (codes trimmed, agency upper-case).
 */
export function validateAgencyMapping(input: AgencyMapping, units: AgencyUnitDates): AgencyMapping {
  const agencyCode = input.agencyCode.trim().toUpperCase();
  if (!isAgencyCode(agencyCode))
    throw new AgencyMappingError(
      `agencyCode: ${JSON.stringify(input.agencyCode)} is not an agency code (e.g. 000.00.00.H49)`,
    );
  if (input.periods.length === 0) throw new AgencyMappingError('periods: at least one period is required');
  const periods = input.periods.map((p, i) => {
    const unitCode = String(p.unitCode ?? '').trim();
    for (const field of ['validFrom', 'validTo'] as const) {
      const value = p[field];
      if (value !== null && value !== undefined && !isIsoLocalDate(value))
        throw new AgencyMappingError(`periods[${i}].${field}: ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
    }
    const validFrom = p.validFrom ?? null;
    const validTo = p.validTo ?? null;
    if (validFrom !== null && validTo !== null && validTo < validFrom)
      throw new AgencyMappingError(`periods[${i}].validTo: ${validTo} is before validFrom ${validFrom}`);
    const known = validFrom === null ? units.hasCode(unitCode) : units.get(unitCode, validFrom) !== undefined;
    if (!known)
      throw new AgencyMappingError(
        `periods[${i}].unitCode: ${JSON.stringify(unitCode)} is not a unit${validFrom ? ` on ${validFrom}` : ''}`,
      );
    return { unitCode, validFrom, validTo };
  });
  const sorted = [...periods].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1];
    const after = sorted[i];
    if (before.validTo === null || after.validFrom === null || before.validTo >= after.validFrom)
      throw new AgencyMappingError(
        `periods: ${describe(before)} and ${describe(after)} overlap (close the first with validTo before the next validFrom)`,
      );
  }
  return { agencyCode, periods: sorted };
}

function describe(p: AgencyPeriod): string {
  return `${p.unitCode} from ${p.validFrom ?? 'the start'} to ${p.validTo ?? 'open'}`;
}

export interface AddAgencyUnitResult {
  readonly mapping: AgencyMapping;
  /** False when the agency already stood for that unit from that date: nothing to write. */
  readonly changed: boolean;
}

/**
 * `add`: maps the agency to the unit from `validFrom` on (null: at any date, for a new agency). An
 * open period that began earlier is closed the day before — how an agency moves to its new unit at
 * the 07/2025 reform. A different unit at any date for a mapped agency, or a start before the
 * agency's last period began, needs `replace` (the whole history given explicitly).
 */
export function addAgencyUnit(
  current: AgencyMapping | undefined,
  agencyCode: string,
  unitCode: string,
  validFrom: string | null,
  units: AgencyUnitDates,
): AddAgencyUnitResult {
  const code = agencyCode.trim().toUpperCase();
  assertAgencyCode(code);
  const period: AgencyPeriod = { unitCode: unitCode.trim(), validFrom, validTo: null };
  if (!current || current.periods.length === 0)
    return { mapping: validateAgencyMapping({ agencyCode: code, periods: [period] }, units), changed: true };
  const last = current.periods[current.periods.length - 1];
  if (last.unitCode === period.unitCode && last.validTo === null && (validFrom === null || covers(last, validFrom)))
    return { mapping: current, changed: false };
  if (validFrom === null)
    throw new AgencyMappingError(
      `validFrom: ${code} is mapped to ${last.unitCode}; give the date the new unit takes effect, or replace the mapping`,
    );
  if (last.validFrom !== null && validFrom <= last.validFrom)
    throw new AgencyMappingError(
      `validFrom: ${validFrom} is not after ${last.validFrom}, when ${code}'s last period (${last.unitCode}) began; replace the mapping instead`,
    );
  const closed = last.validTo === null || last.validTo >= validFrom ? { ...last, validTo: dayBefore(validFrom) } : last;
  const periods = [...current.periods.slice(0, -1), closed, period];
  return { mapping: validateAgencyMapping({ agencyCode: code, periods }, units), changed: true };
}

export interface AgencyCsvRow {
  readonly line: number;
  readonly agencyCode: string;
  readonly unitCode: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

const CSV_HEADER = ['agencyCode', 'unitCode', 'validFrom', 'validTo'];

/**
 * CSV for bulk imports: header `agencyCode,unitCode,validFrom,validTo` (the dates may be empty),
 * one period per line; several lines of one agency make its history. Errors name the line.
 */
export function parseAgencyCsv(text: string): AgencyCsvRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  if (CSV_HEADER.some((name, i) => header[i] !== name))
    throw new AgencyMappingError(`line 1: the header must be ${CSV_HEADER.join(',')}`);
  const rows: AgencyCsvRow[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const cells = raw.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (cells.length < 2 || cells.length > 4) throw new AgencyMappingError(`line ${line}: expected 2 to 4 columns`);
    const [agencyCode, unitCode, validFrom = '', validTo = ''] = cells;
    for (const [field, value] of [
      ['validFrom', validFrom],
      ['validTo', validTo],
    ] as const)
      if (value !== '' && !isIsoLocalDate(value))
        throw new AgencyMappingError(`line ${line}: ${field} ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
    rows.push({
      line,
      agencyCode: agencyCode.toUpperCase(),
      unitCode,
      validFrom: validFrom || null,
      validTo: validTo || null,
    });
  });
  return rows;
}

/** CSV rows grouped into complete, validated mappings (one per agency); errors name the line. */
export function mappingsFromCsv(rows: readonly AgencyCsvRow[], units: AgencyUnitDates): AgencyMapping[] {
  const byAgency = new Map<string, AgencyCsvRow[]>();
  for (const row of rows) byAgency.set(row.agencyCode, [...(byAgency.get(row.agencyCode) ?? []), row]);
  return [...byAgency].map(([agencyCode, group]) => {
    try {
      return validateAgencyMapping({ agencyCode, periods: group }, units);
    } catch (error) {
      if (error instanceof AgencyMappingError)
        throw new AgencyMappingError(`lines ${group.map((r) => r.line).join(', ')}: ${error.message}`);
      throw error;
    }
  });
}
