/**
 * A rendered-neutral official form: header lines, a multi-row column header with spans, numbered
 * columns, body rows, rate lines and notes. `renderCsv` and `renderXlsx` both draw it.
 */

/** Keys of the numeric columns (3 … 15). */
export type FormColumnKey =
  | 'receivedTotal'
  | 'receivedOnline'
  | 'receivedDirect'
  | 'carriedOver'
  | 'resolvedTotal'
  | 'resolvedEarly'
  | 'resolvedOnTime'
  | 'resolvedLate'
  | 'pendingTotal'
  | 'pendingInTime'
  | 'pendingOverdue'
  | 'returned'
  | 'withdrawn';

export interface FormColumn {
  /** Printed column number: 1 STT, 2 field, 3 … 13 (15 with returned / withdrawn). */
  readonly number: number;
  /** null for the two text columns (STT, field). */
  readonly key: FormColumnKey | null;
  /** Full name of the column ("Tổng số hồ sơ tiếp nhận"). */
  readonly label: string;
  /** What is printed in the column-number row: "(3)=(4)+(5)+(6)". */
  readonly numberLabel: string;
  /** Suggested width in characters. */
  readonly width: number;
}

/** One cell of the column header; row / col are 0-based inside the header block. */
export interface FormHeaderCell {
  readonly text: string;
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

export type FormRowKind = 'level' | 'field' | 'total';

export interface FormRow {
  /** `level`: a level heading carrying the level's subtotal; `field`: one field; `total`: Tổng cộng. */
  readonly kind: FormRowKind;
  /** Column 1: "I", "II" for levels, 1, 2 … for fields, empty for the total. */
  readonly stt: string;
  /** Column 2. */
  readonly label: string;
  /** Field code for field rows, level for level rows. */
  readonly key: string | null;
  /** Columns 3 … in order, aligned with `FormTable.columns.slice(2)`. */
  readonly values: readonly number[];
}

export interface FormRate {
  readonly key: 'onTime' | 'late' | 'online';
  readonly label: string;
  readonly count: number;
  readonly of: number;
  /** null when the denominator is 0. */
  readonly ratio: number | null;
  /** "89,4 %", or "không phát sinh" when the denominator is 0. */
  readonly text: string;
  /** "Tỷ lệ …: 89,4 % (15.739/17.604)". */
  readonly line: string;
}

export interface FormTable {
  readonly formCode: string;
  readonly title: string;
  readonly reportingUnit: string;
  readonly receivingUnit: string;
  /** "Kỳ báo cáo: …" when a period label was given. */
  readonly periodLabel: string | null;
  /** "Từ ngày dd/MM/yyyy đến ngày dd/MM/yyyy". */
  readonly period: string;
  readonly unitOfMeasure: string;
  readonly columns: readonly FormColumn[];
  /** Label rows of the column header (the column-number row is not included: see `columns`). */
  readonly headerRowCount: number;
  readonly headerCells: readonly FormHeaderCell[];
  readonly rows: readonly FormRow[];
  readonly rates: readonly FormRate[];
  readonly notes: readonly string[];
  /** Signature block printed under the table (XLSX). */
  readonly signatures: {
    readonly placeDate: string;
    readonly left: readonly string[];
    readonly right: readonly string[];
  };
  /** Whether columns 14 (Trả lại) and 15 (Rút hồ sơ) are present. */
  readonly returnedColumns: boolean;
  readonly countingRules: string | null;
}

/** The text of every cell of a row, numbers left as numbers (columns 1 … n). */
export function rowCells(row: FormRow): (string | number)[] {
  return [row.stt, row.label, ...row.values];
}

/** Value of a numbered column (3 …) in a row. */
export function cellOf(table: FormTable, row: FormRow, columnNumber: number): number {
  const index = table.columns.findIndex((c) => c.number === columnNumber);
  if (index < 2) throw new RangeError(`column ${columnNumber} is not a numeric column of this form`);
  return row.values[index - 2];
}
