/**
 * CSV form of canonical v1 events for bulk import: a header row of canonical field names, one event
 * per line. Empty cells are absent fields (an empty `dueAt` is null: no appointment date); numbers,
 * booleans and `tags` (separated by `;`) are converted. Quoted cells may contain commas and doubled
 * quotes, not line breaks. The result still goes through the canonical validator.
 */
const NUMBER_FIELDS = new Set(['seq', 'score', 'schemaVersion']);
const BOOLEAN_FIELDS = new Set(['feeBearing', 'electronicResult', 'online']);
const NULLABLE_FIELDS = new Set(['dueAt']);

export class CsvFormatError extends Error {}

/** Splits one CSV line (RFC 4180 quoting, without line breaks inside cells). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new CsvFormatError('unterminated quoted cell');
  cells.push(cell.replace(/\r$/, ''));
  return cells;
}

function convert(field: string, text: string): unknown {
  if (NUMBER_FIELDS.has(field)) {
    const value = Number(text);
    return text.trim() !== '' && Number.isFinite(value) ? value : text;
  }
  if (BOOLEAN_FIELDS.has(field)) {
    const lower = text.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return text;
  }
  if (field === 'tags')
    return text
      .split(';')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
  return text;
}

/** One data line as a raw event object, keyed by the header's field names. */
export function csvLineToEvent(header: readonly string[], line: string): Record<string, unknown> {
  const cells = splitCsvLine(line);
  if (cells.length !== header.length)
    throw new CsvFormatError(`expected ${header.length} cells, found ${cells.length}`);
  const event: Record<string, unknown> = {};
  header.forEach((field, i) => {
    const text = cells[i];
    if (text === '') {
      if (NULLABLE_FIELDS.has(field)) event[field] = null;
      return;
    }
    event[field] = convert(field, text);
  });
  if (event['type'] !== 'DossierReceived')
    for (const field of NULLABLE_FIELDS) if (event[field] === null) delete event[field];
  return event;
}

/** The header row: trimmed field names, no duplicates. */
export function parseCsvHeader(line: string): string[] {
  const header = splitCsvLine(line.replace(/^\uFEFF/, '')).map((cell) => cell.trim());
  const seen = new Set<string>();
  for (const field of header) {
    if (field === '') throw new CsvFormatError('empty column name in the header');
    if (seen.has(field)) throw new CsvFormatError(`column ${field} appears twice in the header`);
    seen.add(field);
  }
  return header;
}
