import PDFDocument from 'pdfkit';
import { formatNumberVi } from '@dossier-ledger/calendar';
import { rowCells, type FormTable } from './form-table';

export const PDF_CONTENT_TYPE = 'application/pdf';

/**
 * TrueType fonts embedded in the PDF (subsetted by pdfkit). They must cover Vietnamese: the 14
 * standard PDF fonts only know WinAnsi, which has no ắ, ộ, ữ … The service passes DejaVu Sans.
 */
export interface PdfFonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
  readonly italic: Buffer;
}

export interface PdfOptions {
  readonly fonts: PdfFonts;
  /** Written into the document's properties; default now. */
  readonly createdAt?: Date;
}

// A4 landscape in points, 1.5 cm margins.
const PAGE = { width: 841.89, height: 595.28, margin: 42 };
const BODY_SIZE = 8;
const HEADER_ROW_HEIGHTS = [20, 22, 34];
const NUMBER_ROW_HEIGHT = 16;
const BODY_ROW_HEIGHT = 15;

type Doc = PDFKit.PDFDocument;
type Face = 'regular' | 'bold' | 'italic';

interface Grid {
  /** Left edge of every column, plus the right edge of the last one. */
  readonly x: number[];
}

function gridOf(table: FormTable): Grid {
  const usable = PAGE.width - 2 * PAGE.margin;
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const x = [PAGE.margin];
  for (const column of table.columns) x.push(x[x.length - 1] + (column.width / total) * usable);
  return { x };
}

function text(
  doc: Doc,
  value: string,
  box: { x: number; y: number; width: number; height?: number },
  face: Face,
  size: number,
  align: 'left' | 'center' | 'right' = 'left',
): void {
  doc.font(face).fontSize(size);
  const height = box.height ?? doc.heightOfString(value, { width: box.width });
  // Vertically centred in a fixed box; free-flowing otherwise.
  const textHeight = doc.heightOfString(value, { width: box.width - 4, align });
  const y = box.height === undefined ? box.y : box.y + Math.max(0, (height - textHeight) / 2);
  doc.text(value, box.x + 2, y, { width: box.width - 4, align, lineBreak: true });
}

function cell(doc: Doc, x: number, y: number, width: number, height: number): void {
  doc.rect(x, y, width, height).lineWidth(0.5).stroke();
}

/** The column header (label rows with their spans, then the column numbers); returns the y below it. */
function drawColumnHeader(doc: Doc, table: FormTable, grid: Grid, top: number): number {
  const rowTop = [top];
  for (const h of HEADER_ROW_HEIGHTS) rowTop.push(rowTop[rowTop.length - 1] + h);
  for (const h of table.headerCells) {
    const x = grid.x[h.col];
    const width = grid.x[h.col + h.colSpan] - x;
    const y = rowTop[h.row];
    const height = rowTop[h.row + h.rowSpan] - y;
    cell(doc, x, y, width, height);
    text(doc, h.text, { x, y, width, height }, 'bold', BODY_SIZE, 'center');
  }
  const numbersTop = rowTop[rowTop.length - 1];
  table.columns.forEach((column, i) => {
    const x = grid.x[i];
    const width = grid.x[i + 1] - x;
    cell(doc, x, numbersTop, width, NUMBER_ROW_HEIGHT);
    text(doc, column.numberLabel, { x, y: numbersTop, width, height: NUMBER_ROW_HEIGHT }, 'italic', 6.5, 'center');
  });
  return numbersTop + NUMBER_ROW_HEIGHT;
}

/** Header lines, title and period; returns the y below them. */
function drawHeading(doc: Doc, table: FormTable): number {
  const left = { x: PAGE.margin, width: 300 };
  const right = { x: PAGE.width - PAGE.margin - 300, width: 300 };
  let y = PAGE.margin;
  text(doc, table.formCode, { ...left, y }, 'bold', 10);
  text(doc, table.reportingUnit, { ...right, y }, 'bold', 10, 'center');
  y += 16;
  if (table.periodLabel) text(doc, table.periodLabel, { ...left, y }, 'italic', 10);
  text(doc, table.receivingUnit, { ...right, y }, 'regular', 10, 'center');
  y += 26;
  const full = { x: PAGE.margin, width: PAGE.width - 2 * PAGE.margin };
  text(doc, table.title, { ...full, y }, 'bold', 13, 'center');
  y += 19;
  text(doc, table.period, { ...full, y }, 'italic', 10, 'center');
  y += 15;
  text(doc, table.unitOfMeasure, { ...right, y }, 'italic', 9, 'right');
  return y + 14;
}

/**
 * The form as a PDF to print and sign: A4 landscape, the header lines, title and period of the
 * official layout, the column header with its spans and numbers (repeated on every page), level and
 * total rows in bold, counts printed 20.845, the rate lines, notes and the signature block. Vietnamese
 * text is drawn with the embedded fonts given.
 */
export function renderPdf(table: FormTable, options: PdfOptions): Promise<Buffer> {
  const created = options.createdAt ?? new Date();
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: PAGE.margin,
    autoFirstPage: true,
    info: { Title: `${table.formCode} – ${table.period}`, Creator: 'dossier-ledger', CreationDate: created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', options.fonts.regular);
  doc.registerFont('bold', options.fonts.bold);
  doc.registerFont('italic', options.fonts.italic);

  const grid = gridOf(table);
  const bottom = PAGE.height - PAGE.margin;
  let y = drawColumnHeader(doc, table, grid, drawHeading(doc, table));
  for (const row of table.rows) {
    doc.font(row.kind === 'field' ? 'regular' : 'bold').fontSize(BODY_SIZE);
    const labelWidth = grid.x[2] - grid.x[1] - 4;
    const height = Math.max(BODY_ROW_HEIGHT, doc.heightOfString(row.label, { width: labelWidth }) + 5);
    if (y + height > bottom) {
      doc.addPage();
      y = drawColumnHeader(doc, table, grid, PAGE.margin);
    }
    rowCells(row).forEach((value, i) => {
      const x = grid.x[i];
      const width = grid.x[i + 1] - x;
      cell(doc, x, y, width, height);
      const printed = typeof value === 'number' ? formatNumberVi(value) : value;
      const align = i === 0 || row.kind === 'total' ? 'center' : typeof value === 'number' ? 'right' : 'left';
      text(doc, printed, { x, y, width, height }, row.kind === 'field' ? 'regular' : 'bold', BODY_SIZE, align);
    });
    y += height;
  }

  const full = { x: PAGE.margin, width: PAGE.width - 2 * PAGE.margin };
  const lines: [string, Face, number][] = [
    ...table.rates.map((rate): [string, Face, number] => [rate.line, 'bold', 9]),
    ...table.notes.map((note): [string, Face, number] => [note, 'italic', 8]),
  ];
  // Rates, notes and the signature block stay together on the last page.
  if (y + 14 * lines.length + 90 > bottom) {
    doc.addPage();
    y = PAGE.margin;
  }
  y += 8;
  for (const [line, face, size] of lines) {
    text(doc, line, { ...full, y }, face, size);
    y += size + 5;
  }
  y += 10;
  const leftBox = { x: PAGE.margin, width: 280 };
  const rightBox = { x: PAGE.width - PAGE.margin - 280, width: 280 };
  text(doc, table.signatures.placeDate, { ...rightBox, y }, 'italic', 10, 'center');
  y += 15;
  const count = Math.max(table.signatures.left.length, table.signatures.right.length);
  for (let i = 0; i < count; i++, y += 14) {
    const face: Face = i === 0 ? 'bold' : 'italic';
    text(doc, table.signatures.left[i] ?? '', { ...leftBox, y }, face, 10, 'center');
    text(doc, table.signatures.right[i] ?? '', { ...rightBox, y }, face, 10, 'center');
  }
  doc.end();
  return done;
}
