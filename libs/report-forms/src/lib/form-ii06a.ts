import { type UnitLevel } from '@dossier-ledger/contracts';
import { formatNumberVi, formatPercentVi, parseIsoLocalDate, rangeLabelVi } from '@dossier-ledger/calendar';
import {
  readCountingRules,
  type BuildFormOptions,
  type FormFigures,
  type FormII06aInput,
  type FormLevelGroup,
} from './form-input';
import type { FormColumn, FormColumnKey, FormHeaderCell, FormRate, FormRow, FormTable } from './form-table';

export const FORM_II06A_CODE = 'Biểu số II.06a/VPCP/KSTT';
export const FORM_II06A_TITLE = 'KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH';
export const FORM_UNIT_OF_MEASURE = 'Đơn vị tính: Số hồ sơ TTHC';

export const FORM_LEVEL_LABELS: Readonly<Record<UnitLevel, string>> = Object.freeze({
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
});

const LEVEL_ORDER: readonly UnitLevel[] = ['province', 'district', 'commune'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];
const BLANK_LINE = '……………………………………';

/** Thrown when the figures break an identity of the form: a bug upstream, never printed. */
export class FormIdentityError extends Error {
  constructor(readonly violations: readonly string[]) {
    super(
      `Form II.06a: ${violations.length} identity violation(s): ${violations.slice(0, 5).join('; ')}${violations.length > 5 ? '; …' : ''}`,
    );
    this.name = 'FormIdentityError';
  }
}

interface ColumnSpec {
  readonly number: number;
  readonly key: FormColumnKey | null;
  readonly label: string;
  readonly numberLabel?: string;
  readonly width: number;
  readonly value?: (f: FormFigures) => number;
}

const COLUMN_SPECS: readonly ColumnSpec[] = [
  { number: 1, key: null, label: 'STT', width: 6 },
  { number: 2, key: null, label: 'Lĩnh vực giải quyết', width: 34 },
  {
    number: 3,
    key: 'receivedTotal',
    label: 'Tổng số hồ sơ tiếp nhận',
    numberLabel: '(3)=(4)+(5)+(6)',
    width: 12,
    value: (f) => f.received.total,
  },
  { number: 4, key: 'receivedOnline', label: 'Trực tuyến', width: 11, value: (f) => f.received.inPeriod.online },
  {
    number: 5,
    key: 'receivedDirect',
    label: 'Trực tiếp, dịch vụ bưu chính',
    width: 12,
    value: (f) => f.received.inPeriod.direct + f.received.inPeriod.postal,
  },
  { number: 6, key: 'carriedOver', label: 'Từ kỳ trước chuyển qua', width: 11, value: (f) => f.received.carriedOver },
  {
    number: 7,
    key: 'resolvedTotal',
    label: 'Tổng số đã giải quyết',
    numberLabel: '(7)=(8)+(9)+(10)',
    width: 12,
    value: (f) => f.resolved.total,
  },
  { number: 8, key: 'resolvedEarly', label: 'Trước hạn', width: 10, value: (f) => f.resolved.early },
  { number: 9, key: 'resolvedOnTime', label: 'Đúng hạn', width: 10, value: (f) => f.resolved.onTime },
  { number: 10, key: 'resolvedLate', label: 'Quá hạn', width: 10, value: (f) => f.resolved.late },
  {
    number: 11,
    key: 'pendingTotal',
    label: 'Tổng số đang giải quyết',
    numberLabel: '(11)=(12)+(13)',
    width: 12,
    value: (f) => f.pending.total,
  },
  { number: 12, key: 'pendingInTime', label: 'Trong hạn', width: 10, value: (f) => f.pending.inTime },
  { number: 13, key: 'pendingOverdue', label: 'Quá hạn', width: 10, value: (f) => f.pending.overdue },
  { number: 14, key: 'returned', label: 'Trả lại', width: 9, value: (f) => f.returned },
  { number: 15, key: 'withdrawn', label: 'Rút hồ sơ', width: 9, value: (f) => f.withdrawn },
];

function columnsFor(returnedColumns: boolean): FormColumn[] {
  return COLUMN_SPECS.filter((c) => returnedColumns || c.number <= 13).map((c) => ({
    number: c.number,
    key: c.key,
    label: c.label,
    numberLabel: c.numberLabel ?? `(${c.number})`,
    width: c.width,
  }));
}

function headerCells(returnedColumns: boolean): FormHeaderCell[] {
  const cell = (text: string, row: number, col: number, rowSpan = 1, colSpan = 1): FormHeaderCell => ({
    text,
    row,
    col,
    rowSpan,
    colSpan,
  });
  const cells = [
    cell('STT', 0, 0, 3),
    cell('Lĩnh vực giải quyết', 0, 1, 3),
    cell('Số hồ sơ nhận giải quyết', 0, 2, 1, 4),
    cell('Số hồ sơ đã giải quyết', 0, 6, 1, 4),
    cell('Số hồ sơ đang giải quyết', 0, 10, 1, 3),
    cell('Tổng số', 1, 2, 2),
    cell('Số mới tiếp nhận trong kỳ', 1, 3, 1, 2),
    cell('Từ kỳ trước chuyển qua', 1, 5, 2),
    cell('Tổng số', 1, 6, 2),
    cell('Trước hạn', 1, 7, 2),
    cell('Đúng hạn', 1, 8, 2),
    cell('Quá hạn', 1, 9, 2),
    cell('Tổng số', 1, 10, 2),
    cell('Trong hạn', 1, 11, 2),
    cell('Quá hạn', 1, 12, 2),
    cell('Trực tuyến', 2, 3),
    cell('Trực tiếp, dịch vụ bưu chính', 2, 4),
  ];
  if (returnedColumns) {
    cells.push(cell('Số hồ sơ không giải quyết', 0, 13, 1, 2), cell('Trả lại', 1, 13, 2), cell('Rút hồ sơ', 1, 14, 2));
  }
  return cells;
}

function valuesOf(figures: FormFigures, columns: readonly FormColumn[]): number[] {
  return columns.slice(2).map((column) => {
    const spec = COLUMN_SPECS.find((c) => c.number === column.number) as ColumnSpec;
    return (spec.value as (f: FormFigures) => number)(figures);
  });
}

/** All numeric columns (3 … 15) of a row's figures, whether printed or not. */
function allValues(figures: FormFigures): number[] {
  return COLUMN_SPECS.slice(2).map((c) => (c.value as (f: FormFigures) => number)(figures));
}

function checkRow(where: string, f: FormFigures, fold: boolean, out: string[]): void {
  const [c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15] = allValues(f);
  for (const [i, v] of [c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15].entries()) {
    if (!Number.isInteger(v) || v < 0) out.push(`${where}: column ${i + 3} is ${v}, not a count`);
  }
  if (c3 !== c4 + c5 + c6) out.push(`${where}: (3) ${c3} ≠ (4)+(5)+(6) ${c4 + c5 + c6}`);
  if (c7 !== c8 + c9 + c10) out.push(`${where}: (7) ${c7} ≠ (8)+(9)+(10) ${c8 + c9 + c10}`);
  if (c11 !== c12 + c13) out.push(`${where}: (11) ${c11} ≠ (12)+(13) ${c12 + c13}`);
  if (c3 !== c7 + c11 + c14 + c15)
    out.push(`${where}: (3) ${c3} ≠ (7)+(11)+returned+withdrawn ${c7 + c11 + c14 + c15}`);
  if (fold && c14 + c15 !== 0) {
    out.push(
      `${where}: the counting rules fold returned and withdrawn dossiers into on time, but the figures hold ${c14} returned and ${c15} withdrawn`,
    );
  }
}

/**
 * Violations of "the total is the sum of its parts" over columns 3 … 15 (e.g. a unit = its children
 * plus its own dossiers); empty when it holds.
 */
export function sumIdentityViolations(where: string, total: FormFigures, parts: readonly FormFigures[]): string[] {
  const out: string[] = [];
  checkSum(where, total, parts, out);
  return out;
}

function checkSum(where: string, total: FormFigures, parts: readonly FormFigures[], out: string[]): void {
  const expected = allValues(total);
  const sums = expected.map(() => 0);
  for (const part of parts) allValues(part).forEach((v, i) => (sums[i] += v));
  expected.forEach((v, i) => {
    if (v !== sums[i]) out.push(`${where}: column ${i + 3} is ${v} but its rows add up to ${sums[i]}`);
  });
}

function orderedLevels(levels: readonly FormLevelGroup[]): FormLevelGroup[] {
  const rank = (level: UnitLevel) => {
    const i = LEVEL_ORDER.indexOf(level);
    return i < 0 ? LEVEL_ORDER.length : i;
  };
  return [...levels].sort((a, b) => rank(a.level) - rank(b.level));
}

function rate(key: FormRate['key'], label: string, count: number, of: number): FormRate {
  const ratio = of === 0 ? null : count / of;
  const text = ratio === null ? 'không phát sinh' : formatPercentVi(ratio);
  const line =
    ratio === null
      ? `${label}: không phát sinh hồ sơ`
      : `${label}: ${text} (${formatNumberVi(count)}/${formatNumberVi(of)} hồ sơ)`;
  return { key, label, count, of, ratio, text, line };
}

/**
 * Every identity of the form the figures break (3 = 4+5+6, 7 = 8+9+10, 11 = 12+13, 3 = 7+11+14+15,
 * counts, level = Σ fields, total = Σ levels, folding); empty when the form is consistent.
 */
export function formIdentityViolations(input: FormII06aInput): string[] {
  const rules = readCountingRules(input.countingRules);
  const violations: string[] = [];
  checkRow('Tổng cộng', input.total, rules.fold, violations);
  const levels = orderedLevels(input.levels);
  for (const level of levels) {
    const levelLabel = level.label ?? FORM_LEVEL_LABELS[level.level] ?? level.level;
    checkRow(levelLabel, level.total, rules.fold, violations);
    for (const field of level.fields) checkRow(`${levelLabel} / ${field.code}`, field.figures, rules.fold, violations);
    if (level.fields.length > 0)
      checkSum(
        levelLabel,
        level.total,
        level.fields.map((f) => f.figures),
        violations,
      );
  }
  if (levels.length > 0)
    checkSum(
      'Tổng cộng',
      input.total,
      levels.map((l) => l.total),
      violations,
    );
  return violations;
}

/**
 * Builds form II.06a (Biểu số II.06a/VPCP/KSTT) for a unit and window: header lines, the numbered
 * columns 1 … 13 (plus 14 Trả lại and 15 Rút hồ sơ unless the counting rules fold them into on time),
 * one heading row per level carrying the level's subtotal, its field rows, the grand total
 * "Tổng cộng", and the rate lines. Pure; throws `FormIdentityError` when the figures break an identity.
 */
export function buildFormII06a(input: FormII06aInput, options: BuildFormOptions = {}): FormTable {
  const from = parseIsoLocalDate(input.from);
  const to = parseIsoLocalDate(input.to);
  if (from > to) throw new RangeError(`empty window: ${input.from} > ${input.to}`);
  const rules = readCountingRules(input.countingRules);
  const returnedColumns = !rules.fold;
  const levels = orderedLevels(input.levels);

  if (options.checkIdentities !== false) {
    const violations = formIdentityViolations(input);
    if (violations.length > 0) throw new FormIdentityError(violations);
  }

  const columns = columnsFor(returnedColumns);
  const rows: FormRow[] = [];
  levels.forEach((level, i) => {
    const label = level.label ?? FORM_LEVEL_LABELS[level.level] ?? level.level;
    rows.push({
      kind: 'level',
      stt: ROMAN[i] ?? String(i + 1),
      label,
      key: level.level,
      values: valuesOf(level.total, columns),
    });
    level.fields.forEach((field, j) => {
      rows.push({
        kind: 'field',
        stt: String(j + 1),
        label: field.name || field.code,
        key: field.code,
        values: valuesOf(field.figures, columns),
      });
    });
  });
  rows.push({ kind: 'total', stt: '', label: 'Tổng cộng', key: null, values: valuesOf(input.total, columns) });

  const t = input.total;
  const inPeriod = t.received.inPeriod.online + t.received.inPeriod.direct + t.received.inPeriod.postal;
  const rates = [
    rate('onTime', 'Tỷ lệ giải quyết trước hạn và đúng hạn', t.resolved.early + t.resolved.onTime, t.resolved.total),
    rate('late', 'Tỷ lệ giải quyết quá hạn', t.resolved.late, t.resolved.total),
    rate('online', 'Tỷ lệ hồ sơ tiếp nhận trực tuyến', t.received.inPeriod.online, inPeriod),
  ];

  const notes = [
    returnedColumns
      ? 'Cột (3) = (7) + (11) + (14) + (15): hồ sơ trả lại và hồ sơ rút không tính vào số đã giải quyết.'
      : 'Cột (3) = (7) + (11): theo quy tắc đếm, hồ sơ trả lại và hồ sơ rút được tính vào cột (9) (đúng hạn).',
    'Cột (12) gồm cả hồ sơ đang chờ bổ sung, chờ thực hiện nghĩa vụ tài chính, tạm dừng xử lý.',
    ...(rules.id ? [`Số liệu theo quy tắc đếm: ${rules.id}.`] : []),
    ...(input.hierarchyLabel ? [input.hierarchyLabel] : []),
  ];

  return {
    formCode: FORM_II06A_CODE,
    title: FORM_II06A_TITLE,
    reportingUnit: `Đơn vị báo cáo: ${input.reportingUnit.name}`,
    receivingUnit: `Đơn vị nhận báo cáo: ${input.receivingUnitLabel?.trim() || BLANK_LINE}`,
    periodLabel: input.periodLabel ? `Kỳ báo cáo: ${input.periodLabel}` : null,
    period: rangeLabelVi(from, to),
    unitOfMeasure: FORM_UNIT_OF_MEASURE,
    columns,
    headerRowCount: 3,
    headerCells: headerCells(returnedColumns),
    rows,
    rates,
    notes,
    signatures: {
      placeDate: '…………, ngày …… tháng …… năm ……',
      left: ['NGƯỜI LẬP BIỂU', '(Ký, ghi rõ họ tên)'],
      right: ['THỦ TRƯỞNG ĐƠN VỊ', '(Ký tên, đóng dấu)'],
    },
    returnedColumns,
    countingRules: rules.id,
  };
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A download name: `II.06a_42_2024-01-19_2024-02-19.xlsx` (ASCII, safe in Content-Disposition). */
export function formII06aFileName(
  input: Pick<FormII06aInput, 'reportingUnit' | 'from' | 'to'>,
  extension: 'csv' | 'xlsx' | 'pdf',
): string {
  const code = input.reportingUnit.code.replace(/[^0-9A-Za-z._-]/g, '_');
  return `II.06a_${code}_${input.from}_${input.to}.${extension}`;
}
