import { Workbook, type Alignment, type Borders, type Cell, type PaperSize, type Worksheet } from 'exceljs';
import type { FormTable } from './form-table';

export interface XlsxOptions {
  /** Workbook creation time written into the file's properties; default now. */
  readonly createdAt?: Date;
  /** Sheet name; default "Biểu II.06a". */
  readonly sheetName?: string;
}

export const XLSX_NUMBER_FORMAT = '#,##0';
export const XLSX_FONT = 'Times New Roman';
/** Excel's paper size code of A4 (exceljs declares it in a const enum). */
const A4 = 9 as PaperSize;

/** Where each part of the form landed in the sheet (1-based rows), for callers and tests. */
export interface XlsxLayout {
  readonly titleRow: number;
  readonly periodRow: number;
  readonly headerFirstRow: number;
  readonly columnNumberRow: number;
  readonly firstBodyRow: number;
  readonly lastBodyRow: number;
  readonly lastColumn: number;
}

const THIN: Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
  diagonal: {},
};

interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  horizontal?: Alignment['horizontal'];
  vertical?: Alignment['vertical'];
  wrap?: boolean;
  border?: boolean;
}

function style(cell: Cell, s: CellStyle): void {
  cell.font = { name: XLSX_FONT, size: s.size ?? 12, bold: s.bold ?? false, italic: s.italic ?? false };
  cell.alignment = { horizontal: s.horizontal ?? 'left', vertical: s.vertical ?? 'middle', wrapText: s.wrap ?? false };
  if (s.border) cell.border = THIN;
}

/** Writes `text` into the merged range row r, columns c1 … c2 (1-based). */
function mergedText(ws: Worksheet, r: number, c1: number, c2: number, text: string, s: CellStyle): Cell {
  if (c2 > c1) ws.mergeCells(r, c1, r, c2);
  const cell = ws.getCell(r, c1);
  cell.value = text;
  style(cell, s);
  return cell;
}

/** Lays the form out on a worksheet and returns where its parts are. */
export function drawFormSheet(ws: Worksheet, table: FormTable): XlsxLayout {
  const n = table.columns.length;
  const leftEnd = 5;
  const rightStart = n - 4;
  table.columns.forEach((column, i) => (ws.getColumn(i + 1).width = column.width));

  // Header lines: form code and period name on the left, reporting / receiving unit on the right.
  mergedText(ws, 1, 1, leftEnd, table.formCode, { bold: true });
  mergedText(ws, 1, rightStart, n, table.reportingUnit, { bold: true, wrap: true, horizontal: 'center' });
  mergedText(ws, 2, 1, leftEnd, table.periodLabel ?? '', { italic: true });
  mergedText(ws, 2, rightStart, n, table.receivingUnit, { wrap: true, horizontal: 'center' });
  ws.getRow(1).height = 30;
  ws.getRow(2).height = 30;
  const titleRow = 3;
  const periodRow = 4;
  mergedText(ws, titleRow, 1, n, table.title, { bold: true, size: 14, horizontal: 'center' });
  ws.getRow(titleRow).height = 24;
  mergedText(ws, periodRow, 1, n, table.period, { italic: true, horizontal: 'center' });
  mergedText(ws, 5, rightStart, n, table.unitOfMeasure, { italic: true, horizontal: 'right' });

  // Column header: label rows with their spans, then the column numbers.
  const headerFirstRow = 6;
  for (let r = 0; r < table.headerRowCount; r++) {
    for (let c = 1; c <= n; c++)
      style(ws.getCell(headerFirstRow + r, c), { bold: true, horizontal: 'center', wrap: true, border: true });
  }
  for (const h of table.headerCells) {
    const top = headerFirstRow + h.row;
    const left = h.col + 1;
    if (h.rowSpan > 1 || h.colSpan > 1) ws.mergeCells(top, left, top + h.rowSpan - 1, left + h.colSpan - 1);
    const cell = ws.getCell(top, left);
    cell.value = h.text;
    style(cell, { bold: true, horizontal: 'center', wrap: true, border: true });
  }
  ws.getRow(headerFirstRow).height = 33;
  ws.getRow(headerFirstRow + 1).height = 33;
  ws.getRow(headerFirstRow + 2).height = 48;
  const columnNumberRow = headerFirstRow + table.headerRowCount;
  table.columns.forEach((column, i) => {
    const cell = ws.getCell(columnNumberRow, i + 1);
    cell.value = column.numberLabel;
    style(cell, { italic: true, size: 10, horizontal: 'center', wrap: true, border: true });
  });
  ws.getRow(columnNumberRow).height = 27;

  // Body: level headings with subtotals (bold), field rows, the grand total (bold).
  const firstBodyRow = columnNumberRow + 1;
  table.rows.forEach((row, i) => {
    const r = firstBodyRow + i;
    const bold = row.kind !== 'field';
    ws.getRow(r).height = row.label.length > 42 ? 33 : 18;
    const stt = ws.getCell(r, 1);
    stt.value = row.stt;
    style(stt, { bold, horizontal: 'center', border: true });
    const label = ws.getCell(r, 2);
    label.value = row.label;
    style(label, { bold, horizontal: row.kind === 'total' ? 'center' : 'left', wrap: true, border: true });
    row.values.forEach((value, j) => {
      const cell = ws.getCell(r, j + 3);
      cell.value = value;
      cell.numFmt = XLSX_NUMBER_FORMAT;
      style(cell, { bold, horizontal: 'right', border: true });
    });
  });
  const lastBodyRow = firstBodyRow + table.rows.length - 1;

  // Rates, notes and the signature block.
  let r = lastBodyRow + 2;
  for (const rate of table.rates) mergedText(ws, r++, 1, n, rate.line, { bold: true });
  for (const note of table.notes) mergedText(ws, r++, 1, n, note, { italic: true, size: 11 });
  r++;
  mergedText(ws, r++, rightStart, n, table.signatures.placeDate, { italic: true, horizontal: 'center' });
  for (let i = 0; i < Math.max(table.signatures.left.length, table.signatures.right.length); i++, r++) {
    const first = i === 0;
    mergedText(ws, r, 1, leftEnd, table.signatures.left[i] ?? '', {
      bold: first,
      italic: !first,
      horizontal: 'center',
    });
    mergedText(ws, r, rightStart, n, table.signatures.right[i] ?? '', {
      bold: first,
      italic: !first,
      horizontal: 'center',
    });
  }

  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: A4,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `${headerFirstRow}:${columnNumberRow}`,
  };
  ws.headerFooter.oddFooter = `&C&"${XLSX_FONT}"&10Trang &P/&N`;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: columnNumberRow, showGridLines: false }];
  return { titleRow, periodRow, headerFirstRow, columnNumberRow, firstBodyRow, lastBodyRow, lastColumn: n };
}

/**
 * The form as an XLSX file a civil servant can print as is: merged title, bold borders-all header
 * with its spans and column numbers, counts as numbers formatted `#,##0` (shown 20.845 under a
 * Vietnamese locale), A4 landscape fitted to one page wide, header rows repeated on every page.
 */
export async function renderXlsx(table: FormTable, options: XlsxOptions = {}): Promise<Buffer> {
  const workbook = new Workbook();
  const created = options.createdAt ?? new Date();
  workbook.creator = 'dossier-ledger';
  workbook.title = `${table.formCode} – ${table.period}`;
  workbook.created = created;
  workbook.modified = created;
  const ws = workbook.addWorksheet(options.sheetName ?? 'Biểu II.06a');
  drawFormSheet(ws, table);
  const data: unknown = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
}
