import { type UnitLevel } from '@dossier-ledger/contracts';
import type { LocalDate } from '@dossier-ledger/calendar';

/** Level of an administrative unit (cấp tỉnh / huyện / xã). */

/** Row labels of the official forms. */
export const REPORT_LEVEL_LABELS: Readonly<Record<UnitLevel, string>> = Object.freeze({
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
});

/**
 * Where a dossier rolls up in one era of the hierarchy: `path` is the dossier's unit in that era first,
 * then its ancestors up to the province; `level` is the level of `path[0]`.
 */
export interface ReportChain {
  readonly era: string;
  readonly level: UnitLevel;
  readonly path: readonly string[];
}

/**
 * Port to the unit registry (implemented by @dossier-ledger/units, not imported here).
 * A dossier may roll up in several eras: the pre-07/2025 three-level tree and, through the
 * old→new mapping, the two-level tree. The answer must be a pure function of its arguments.
 */
export interface UnitHierarchy {
  reportChains(unitCode: string, receivedOn: LocalDate): ReportChain[];
}
