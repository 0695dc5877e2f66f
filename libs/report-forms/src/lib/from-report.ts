import { type UnitLevel } from '@dossier-ledger/contracts';
import { fieldNameOf, type FieldNames } from './field-names';

import type { FormCountingRules, FormFigures, FormII06aInput, FormUnit } from './form-input';

/**
 * What the form reads of the in-memory report of `@dossier-ledger/reporting` (`DossierReport`, from
 * `readDossierReport`): its totals, window, rules id and `rows.byLevel` with each level's field rows.
 * Structural, so this library does not depend on the reporting library.
 */
export interface LevelledReport extends FormFigures {
  readonly unitCode: string;
  readonly from: string;
  readonly to: string;
  readonly countingRules: string;
  readonly rows: {
    readonly byLevel: readonly (FormFigures & {
      readonly key: string;
      readonly label: string;
      readonly fields: readonly (FormFigures & { readonly key: string })[];
    })[];
  };
}

export interface FormContext {
  /** The report's unit with its printed name and level (the report itself only carries the code). */
  readonly unit: FormUnit;
  readonly receivingUnitLabel?: string;
  /** "Tháng 02/2024", "Quý III/2023" … (e.g. `parsePeriod(code).label` from the calendar library). */
  readonly periodLabel?: string;
  /** Field names by code (default: `DEFAULT_FIELD_NAMES_VI`, then the code). */
  readonly fieldNames?: FieldNames;
  /**
   * The rules the report was read with. Default: the report's `countingRules` id, whose
   * `foldReturned` option folds returned / withdrawn dossiers into on time.
   */
  readonly countingRules?: FormCountingRules;
  /** Which unit hierarchy the report uses, printed among the notes (e.g. after the 07/2025 reform). */
  readonly hierarchyLabel?: string;
}

/**
 * The form's input from the in-memory report of `@dossier-ledger/reporting` (`readDossierReport`),
 * whose `rows.byLevel` already holds the field rows of each level.
 */
export function formInputFromReport(report: LevelledReport, context: FormContext): FormII06aInput {
  if (context.unit.code !== report.unitCode) {
    throw new Error(`the form's unit ${context.unit.code} is not the report's unit ${report.unitCode}`);
  }
  return {
    reportingUnit: context.unit,
    receivingUnitLabel: context.receivingUnitLabel,
    from: report.from,
    to: report.to,
    periodLabel: context.periodLabel,
    ...(context.hierarchyLabel === undefined ? {} : { hierarchyLabel: context.hierarchyLabel }),
    countingRules: context.countingRules ?? report.countingRules,
    levels: report.rows.byLevel.map((level) => ({
      level: level.key as UnitLevel,
      label: level.label,
      total: level,
      fields: level.fields.map((field) => ({
        code: field.key,
        name: fieldNameOf(field.key, context.fieldNames),
        figures: field,
      })),
    })),
    total: report,
  };
}
