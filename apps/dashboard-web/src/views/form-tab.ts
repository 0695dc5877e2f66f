import type { FormTable } from '@dossier-ledger/report-forms';
import { num } from '../lib/format';
import { h } from './dom';

/** Form II.06a as the files print it: the same table (`/dossiers.form`) the XLSX, CSV and PDF draw. */
export function formView(table: FormTable, downloadQuery: string): HTMLElement {
  const headerRows = Array.from({ length: table.headerRowCount }, () => h('tr'));
  for (const cell of table.headerCells) {
    headerRows[cell.row].append(
      h(
        'th',
        {
          scope: 'col',
          rowspan: cell.rowSpan > 1 ? String(cell.rowSpan) : undefined,
          colspan: cell.colSpan > 1 ? String(cell.colSpan) : undefined,
        },
        cell.text,
      ),
    );
  }
  const numbers = h('tr', {}, ...table.columns.map((c) => h('th', { class: 'muted' }, c.numberLabel)));
  const body = table.rows.map((row, r) =>
    h(
      'tr',
      { class: row.kind, 'data-row': row.key ?? 'total' },
      h('td', {}, row.stt),
      h('td', {}, row.label),
      ...row.values.map((value, i) =>
        h('td', { class: 'num', 'data-cell': `form:${r}:${table.columns[i + 2].number}` }, num(value)),
      ),
    ),
  );
  const link = (ext: string, label: string) =>
    h(
      'a',
      { class: 'button', href: `/api/reports/dossiers.${ext}?${downloadQuery}`, download: true, 'data-download': ext },
      label,
    );
  return h(
    'section',
    { 'aria-label': 'Biểu II.06a' },
    h('div', { class: 'downloads' }, link('xlsx', 'Tải XLSX'), link('csv', 'Tải CSV'), link('pdf', 'Tải PDF')),
    h(
      'div',
      { class: 'form-head' },
      h('div', {}, h('b', {}, table.formCode), h('br'), table.periodLabel ?? ''),
      h('div', {}, h('b', {}, table.reportingUnit), h('br'), table.receivingUnit),
    ),
    h('h2', { class: 'form-title' }, table.title),
    h('p', { class: 'form-title muted' }, table.period),
    h(
      'div',
      { class: 'scroll' },
      h('table', { id: 'form-ii06a' }, h('thead', {}, ...headerRows, numbers), h('tbody', {}, ...body)),
    ),
    ...table.rates.map((rate) => h('p', {}, h('b', { 'data-cell': `rate:${rate.key}` }, rate.line))),
    ...table.notes.map((note) => h('p', { class: 'muted' }, note)),
  );
}
