import { formatNumberVi } from '@dossier-ledger/calendar';
import { rowCells, type FormTable } from './form-table';

export interface CsvOptions {
  /**
   * `vi` (default) prints counts as on the paper form, `20.845`; `plain` prints `20845` for machines
   * (a spreadsheet in an English locale reads `20.845` as twenty point eight).
   */
  readonly numbers?: 'vi' | 'plain';
}

const UTF8_BOM = '\uFEFF';
const EOL = '\r\n';
/** Text a spreadsheet would run as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function textCell(text: string): string {
  return quote(FORMULA_START.test(text) ? `'${text}` : text);
}

/** The form's rows as CSV records, every record `width` cells wide. */
export function csvRecords(table: FormTable, options: CsvOptions = {}): string[][] {
  const width = table.columns.length;
  const number = options.numbers === 'plain' ? (n: number) => String(n) : (n: number) => formatNumberVi(n);
  const line = (...cells: string[]) => [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')];
  const records: string[][] = [
    line(table.formCode),
    line(table.reportingUnit),
    line(table.receivingUnit),
    line(table.title),
    ...(table.periodLabel ? [line(table.periodLabel)] : []),
    line(table.period),
    line(table.unitOfMeasure),
    line(),
  ];
  for (let r = 0; r < table.headerRowCount; r++) {
    const cells = line();
    for (const cell of table.headerCells) if (cell.row === r) cells[cell.col] = cell.text;
    records.push(cells);
  }
  records.push(table.columns.map((c) => c.numberLabel));
  for (const row of table.rows)
    records.push(rowCells(row).map((cell) => (typeof cell === 'number' ? number(cell) : cell)));
  records.push(line());
  for (const rate of table.rates) records.push(line(rate.line));
  for (const note of table.notes) records.push(line(note));
  return records;
}

/**
 * The form as CSV: UTF-8 with a BOM (so Excel reads the Vietnamese right), comma-separated, CRLF,
 * RFC 4180 quoting, counts printed `20.845` (or plain with `numbers: 'plain'`).
 */
export function renderCsv(table: FormTable, options: CsvOptions = {}): Buffer {
  const body = csvRecords(table, options)
    .map((record) => record.map(textCell).join(','))
    .join(EOL);
  return Buffer.from(UTF8_BOM + body + EOL, 'utf8');
}
