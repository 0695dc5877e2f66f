import { type CountFigures, type UnitLevel } from '@dossier-ledger/contracts';
/**
 * Input of form II.06a: one unit, one window, rows per field grouped by level. Structural on purpose:
 * the contracts DTO (`DossierFiguresDto`) and the in-memory report of `@dossier-ledger/reporting`
 * (`DossierFigures`) both fit `FormFigures` as they are.
 */

/** The figures one row of the form needs (docs/domain.md §4): the contracts' counts. */
export type FormFigures = CountFigures;

export interface FormUnit {
  readonly code: string;
  /** As printed: "Tỉnh Hà Tĩnh", "Xã Thạch Hà". */
  readonly name: string;
  readonly level: UnitLevel;
}

export interface FormFieldRow {
  /** Field code (mã lĩnh vực). */
  readonly code: string;
  /** Field name as printed (tên lĩnh vực); the code when unknown. */
  readonly name: string;
  readonly figures: FormFigures;
}

export interface FormLevelGroup {
  readonly level: UnitLevel;
  /** Heading; default "Cấp tỉnh" / "Cấp huyện" / "Cấp xã". */
  readonly label?: string;
  readonly total: FormFigures;
  readonly fields: readonly FormFieldRow[];
}

/**
 * The counting rules that produced the figures: their id (e.g. `vn-default-v1`,
 * `vn-v1+foldReturned`), or the options the form needs. An id containing the `foldReturned` option
 * folds returned and withdrawn dossiers into on time.
 */
export type FormCountingRules = string | { readonly id?: string; readonly foldReturnedIntoOnTime: boolean };

export interface FormII06aInput {
  readonly reportingUnit: FormUnit;
  /** "Đơn vị nhận báo cáo"; left as a dotted line to fill in by hand when absent. */
  readonly receivingUnitLabel?: string;
  /** Inclusive local dates `YYYY-MM-DD` (Asia/Ho_Chi_Minh). */
  readonly from: string;
  readonly to: string;
  /** Optional period name printed as "Kỳ báo cáo: …" (e.g. "Tháng 02/2024", "Quý III/2023"). */
  readonly periodLabel?: string;
  /** Which unit hierarchy the figures are reported under; printed among the notes when given. */
  readonly hierarchyLabel?: string;
  readonly countingRules: FormCountingRules;
  readonly levels: readonly FormLevelGroup[];
  readonly total: FormFigures;
}

export interface BuildFormOptions {
  /**
   * Check the identities (3 = 4+5+6, 7 = 8+9+10, 11 = 12+13, 3 = 7+11+14+15, level = Σ fields,
   * total = Σ levels) and throw `FormIdentityError` when one fails. Default true: a violation is a bug
   * upstream and must not be printed on an official form.
   */
  readonly checkIdentities?: boolean;
}

/** The id of the rules and whether they fold returned / withdrawn dossiers into on time. */
export function readCountingRules(rules: FormCountingRules): { id: string | null; fold: boolean } {
  if (typeof rules === 'string') return { id: rules, fold: rules.split('+').includes('foldReturned') };
  return { id: rules.id ?? null, fold: rules.foldReturnedIntoOnTime };
}
