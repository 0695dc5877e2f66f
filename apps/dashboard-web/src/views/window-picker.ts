import { parsePeriod, type CutoffMode } from '@dossier-ledger/calendar';
import type { Compare, ViewState } from '../lib/view-state';
import { h } from './dom';

const KINDS = [
  ['month', 'Tháng'],
  ['quarter', 'Quý'],
  ['half', '6 tháng'],
  ['nine-months', '9 tháng'],
  ['year', 'Năm'],
  ['custom', 'Từ ngày – đến ngày'],
] as const;
type Kind = (typeof KINDS)[number][0];

/** The window as a period code from the picker's fields. */
function codeOf(kind: Kind, year: number, part: number, from: string, to: string): string {
  switch (kind) {
    case 'month':
      return `${year}-${String(part).padStart(2, '0')}`;
    case 'quarter':
      return `${year}-Q${part}`;
    case 'half':
      return `${year}-H${part}`;
    case 'nine-months':
      return `${year}-9M`;
    case 'year':
      return `${year}`;
    case 'custom':
      return `${from}..${to}`;
  }
}

function options(values: [string, string][], selected: string): HTMLOptionElement[] {
  return values.map(([value, label]) => h('option', { value, selected: value === selected }, label));
}

/**
 * Month, quarter, 6 / 9 months, year or any from–to, the statutory cut-off (15th → 14th), and the
 * comparison; every change goes straight into the URL.
 */
export function windowPicker(state: ViewState, change: (next: Partial<ViewState>) => void): HTMLElement {
  const period = parsePeriod(state.window, { cutoff: state.cutoff });
  const kind: Kind = period.kind;
  const year = period.year ?? Number(period.to.slice(0, 4));
  const part = period.index ?? 1;
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 8 }, (_, i) => String(thisYear - i));
  const partChoices: Record<Kind, [string, string][]> = {
    month: Array.from({ length: 12 }, (_, i) => [String(i + 1), `Tháng ${i + 1}`]),
    quarter: [
      ['1', 'Quý I'],
      ['2', 'Quý II'],
      ['3', 'Quý III'],
      ['4', 'Quý IV'],
    ],
    half: [
      ['1', '6 tháng đầu năm'],
      ['2', '6 tháng cuối năm'],
    ],
    'nine-months': [],
    year: [],
    custom: [],
  };

  const kindSelect = h(
    'select',
    { id: 'window-kind' },
    ...options(
      KINDS.map(([v, l]) => [v, l]),
      kind,
    ),
  );
  const yearSelect = h(
    'select',
    { id: 'window-year' },
    ...options(
      years.map((y) => [y, y]),
      String(year),
    ),
  );
  const partSelect = h('select', { id: 'window-part' }, ...options(partChoices[kind], String(part)));
  const fromInput = h('input', { id: 'window-from', type: 'date', value: period.from });
  const toInput = h('input', { id: 'window-to', type: 'date', value: period.to });
  const cutoff = h('input', { id: 'window-cutoff', type: 'checkbox', checked: state.cutoff === 'statutory' });
  const compare = h(
    'select',
    { id: 'window-compare' },
    ...options(
      [
        ['none', 'Không so sánh'],
        ['previous', 'Kỳ trước'],
        ['lastYear', 'Cùng kỳ năm trước'],
      ],
      state.compare,
    ),
  );

  const apply = (nextKind: Kind) => {
    const firstPart = nextKind === kind ? Number(partSelect.value || 1) : 1;
    const window = codeOf(nextKind, Number(yearSelect.value), firstPart, fromInput.value, toInput.value);
    const nextCutoff: CutoffMode = cutoff.checked && nextKind !== 'custom' ? 'statutory' : 'calendar';
    try {
      parsePeriod(window, { cutoff: nextCutoff });
    } catch {
      return; // an unfinished from–to: wait for the other end
    }
    change({ window, cutoff: nextCutoff });
  };
  kindSelect.addEventListener('change', () => apply(kindSelect.value as Kind));
  for (const el of [yearSelect, partSelect, fromInput, toInput, cutoff])
    el.addEventListener('change', () => apply(kind));
  compare.addEventListener('change', () => change({ compare: compare.value as Compare }));

  const field = (label: string, control: HTMLElement, hidden = false) =>
    hidden ? null : h('label', {}, label, control);
  return h(
    'div',
    { class: 'toolbar', role: 'group', 'aria-label': 'Kỳ báo cáo' },
    field('Kỳ', kindSelect),
    field('Năm', yearSelect, kind === 'custom'),
    field('Kỳ trong năm', partSelect, partChoices[kind].length === 0),
    field('Từ ngày', fromInput, kind !== 'custom'),
    field('Đến ngày', toInput, kind !== 'custom'),
    kind === 'custom' ? null : h('label', {}, 'Chốt số liệu 15 → 14', cutoff),
    field('So sánh', compare),
    h(
      'span',
      { class: 'muted', id: 'window-label' },
      period.label === period.rangeLabel ? period.rangeLabel : `${period.label} – ${period.rangeLabel}`,
    ),
  );
}
