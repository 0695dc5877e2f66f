import type {
  DossierFiguresDto,
  DossierReportDto,
  TargetShare,
  UnitTargetsDto,
  UnitTreeNodeDto,
} from '@dossier-ledger/contracts';
import { delta, num, pct } from '../lib/format';
import { targetLabel } from '../lib/targets';
import { h } from './dom';

/** The four figures people watch, for a unit or a child row. */
export interface Headline {
  received: number;
  resolved: number;
  onTime: number | null;
  overdue: number;
}

export function headline(f: DossierFiguresDto): Headline {
  return { received: f.received.total, resolved: f.resolved.total, onTime: f.rates.onTime, overdue: f.pending.overdue };
}

function deltaMark(now: number | null, before: number | null | undefined, points = false, goodWhenUp = true) {
  if (now === null || before === null || before === undefined) return null;
  const d = now - before;
  const good = d === 0 ? '' : d > 0 === goodWhenUp ? 'up' : 'down';
  return h('span', { class: `delta ${good}`, title: 'So với kỳ so sánh' }, delta(now, before, points));
}

/** "Mục tiêu 90 %" under a share, marked "(giả định)" (assumed) when it is a shipped default nobody confirmed. */
function targetMark(id: string, target: TargetShare | null | undefined): HTMLElement | null {
  if (!target) return null;
  const title = target.assumed ? 'Mục tiêu mặc định, giả định' : `Mục tiêu do quản trị đặt (${target.scope})`;
  return h(
    'small',
    { class: 'target', 'data-cell': `card:${id}:target`, title },
    targetLabel(target.share),
    target.assumed ? ' (giả định)' : '',
  );
}

/**
 * The unit's headline figures as cards, with the deltas against the compared period and, beside the
 * on-time and online shares, the targets of the unit's level (when scoring answered them).
 */
export function cards(
  report: DossierReportDto,
  before: DossierReportDto | null,
  targets: UnitTargetsDto | null = null,
): HTMLElement {
  const now = headline(report);
  const then = before ? headline(before) : null;
  const card = (id: string, label: string, value: string, mark: HTMLElement | null, target?: TargetShare | null) =>
    h('div', { class: 'card' }, label, h('b', { 'data-cell': `card:${id}` }, value), mark, targetMark(id, target));
  return h(
    'div',
    { class: 'cards' },
    card('received', 'Tiếp nhận', num(now.received), deltaMark(now.received, then?.received)),
    card('resolved', 'Đã giải quyết', num(now.resolved), deltaMark(now.resolved, then?.resolved)),
    card(
      'onTime',
      'Tỷ lệ đúng hạn',
      pct(now.onTime),
      deltaMark(now.onTime, then?.onTime, true),
      targets?.targets.onTime,
    ),
    card('overdue', 'Đang giải quyết quá hạn', num(now.overdue), deltaMark(now.overdue, then?.overdue, false, false)),
    card(
      'pending',
      'Đang giải quyết',
      num(report.pending.total),
      deltaMark(report.pending.total, before?.pending.total),
    ),
    card(
      'online',
      'Tỷ lệ trực tuyến',
      pct(report.rates.online),
      deltaMark(report.rates.online, before?.rates.online, true),
      targets?.targets.online,
    ),
  );
}

/** The children of the unit with their figures; a click (or Enter) drills down. */
export function childTable(report: DossierReportDto, hrefOf: (code: string) => string): HTMLElement | null {
  const rows = report.rows ?? [];
  if (rows.length === 0) return null;
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { class: 'units', id: 'child-units' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Đơn vị'),
          h('th', { scope: 'col' }, 'Tiếp nhận'),
          h('th', { scope: 'col' }, 'Đã giải quyết'),
          h('th', { scope: 'col' }, 'Tỷ lệ đúng hạn'),
          h('th', { scope: 'col' }, 'Quá hạn'),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((row) => {
          const f = headline(row);
          return h(
            'tr',
            { 'data-unit': row.key },
            h('td', {}, h('a', { href: hrefOf(row.key) }, row.label)),
            h('td', { class: 'num', 'data-cell': `child:${row.key}:received` }, num(f.received)),
            h('td', { class: 'num', 'data-cell': `child:${row.key}:resolved` }, num(f.resolved)),
            h('td', { class: 'num', 'data-cell': `child:${row.key}:onTime` }, pct(f.onTime)),
            h('td', { class: 'num', 'data-cell': `child:${row.key}:overdue` }, num(f.overdue)),
          );
        }),
      ),
    ),
  );
}

/** Province › district › commune, each a link back up. */
export function breadcrumbs(path: UnitTreeNodeDto[], hrefOf: (code: string) => string): HTMLElement {
  return h(
    'nav',
    { class: 'crumbs', 'aria-label': 'Đơn vị' },
    ...path.flatMap((unit, i): (Node | string)[] =>
      i === path.length - 1
        ? [h('strong', { 'aria-current': 'page' }, unit.name)]
        : [h('a', { href: hrefOf(unit.code) }, unit.name), ' › '],
    ),
  );
}
