import { type UnitLevel } from '@dossier-ledger/contracts';
import type { ReportResolution, ResolveOptions } from './reform-rule';

import type { Unit } from './unit-types';

/** What aggregation needs to add one dossier's counts to its unit and every ancestor. */
export interface ReportPath {
  /** Unit the dossier is reported under, in the hierarchy valid on `toDate`. */
  readonly unit: Unit;
  /** [unit, ...ancestors], nearest first, ending at a province. */
  readonly chain: readonly Unit[];
  /**
   * The dossier's level in the report ("province-level dossiers", "district-level", ...): the
   * level of `unit`. An abolished district's own dossiers become province-level after the reform;
   * `resolution.from.level` keeps the original level.
   */
  readonly level: UnitLevel;
  readonly resolution: ReportResolution;
}

/** The subset of UnitRegistry the path needs (keeps this function easy to test). */
export interface ReportPathSource {
  resolveForReport(code: string, toDate: string, options?: ResolveOptions): ReportResolution;
  ancestors(code: string, onDate: string): Unit[];
}

export function buildReportPath(
  registry: ReportPathSource,
  code: string,
  toDate: string,
  options?: ResolveOptions,
): ReportPath {
  const resolution = registry.resolveForReport(code, toDate, options);
  const { unit } = resolution;
  return {
    unit,
    chain: [unit, ...registry.ancestors(unit.code, toDate)],
    level: unit.level,
    resolution,
  };
}
