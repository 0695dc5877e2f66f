import type { CostKind, DossierCostDto } from '@dossier-ledger/contracts';
import { ApiFailure, getJson } from '../lib/api';
import { day, num } from '../lib/format';
import { h, scrollTable } from './dom';
import { Pager, type PageInfo } from './pager';

/** One dossier list of `GET /v1/scores/explain` (scoring's `CostList`): a figure that cost points, one page of it. */
interface CostList extends PageInfo {
  figure: string;
  kind: CostKind;
  dossiers: DossierCostDto[];
}
interface ExplainAnswer {
  explanations: { costs: CostList[] }[];
}

const PAGE_SIZE = 20;
/** The rule set whose explanation names the lists: the 766 index, the one every window has. */
const RULE_SET = '766';
const TITLES: Record<CostKind, string> = {
  late: 'Hồ sơ giải quyết quá hạn',
  lateWithoutApology: 'Hồ sơ quá hạn chưa có văn bản xin lỗi',
  overdue: 'Hồ sơ đang quá hạn',
};

/** The lists by kind in one explanation answer (a list that costs points in several indicators comes once). */
function listsOf(answer: ExplainAnswer): Map<CostKind, CostList> {
  return new Map(answer.explanations.flatMap((e) => e.costs).map((list) => [list.kind, list]));
}

function rows(list: CostList): HTMLTableRowElement[] {
  return list.dossiers.map((d) =>
    h(
      'tr',
      { 'data-dossier': d.dossierId },
      h('td', {}, d.dossierId),
      h('td', {}, d.unitName),
      h('td', {}, d.fieldCode ?? ''),
      h('td', {}, day(d.receivedOn)),
    ),
  );
}

export interface CostPaging {
  /** Page of each list at first draw (the URL's view state); 1 when absent. */
  pages: Readonly<Record<string, number>>;
  /** A list moved to another page (the view state records it; nothing else is redrawn). */
  onPage(kind: CostKind, page: number): void;
}

/**
 * The dossiers that cost points, one table per list of the 766 explanation, each with its own pager:
 * moving a list reloads that list's page from the explanations API and redraws that table only.
 */
export async function costLists(query: string, paging: CostPaging, signal: AbortSignal): Promise<HTMLElement> {
  const explain = (page: number) =>
    getJson<ExplainAnswer>(
      `/api/scores/scores/explain?${query}&ruleSet=${RULE_SET}&page=${page}&pageSize=${PAGE_SIZE}`,
      signal,
    ).then(listsOf);
  let lists: CostList[];
  try {
    const first = await explain(1);
    // Lists the URL left on another page: that page, each asked once.
    const wanted = [...new Set([...first.keys()].map((kind) => paging.pages[kind] ?? 1))].filter((p) => p !== 1);
    const other = new Map(await Promise.all(wanted.map(async (page) => [page, await explain(page)] as const)));
    lists = [...first.values()].map((list) => other.get(paging.pages[list.kind] ?? 1)?.get(list.kind) ?? list);
  } catch (error) {
    if (error instanceof ApiFailure) return h('p', { class: 'error', id: 'cost-lists' }, error.message);
    throw error;
  }
  return h(
    'div',
    { id: 'cost-lists' },
    lists.length === 0 ? h('p', { class: 'muted' }, 'Không có hồ sơ nào làm mất điểm.') : null,
    ...lists.map((list) => costList(list, (page) => explain(page).then((l) => l.get(list.kind)), paging)),
  );
}

function costList(
  list: CostList,
  load: (page: number) => Promise<CostList | undefined>,
  paging: CostPaging,
): HTMLElement {
  const title = TITLES[list.kind];
  const body = h('tbody', {}, ...rows(list));
  const status = h('p', { class: 'error', role: 'alert' });
  let current: PageInfo = list;
  const pager: Pager = new Pager(list, `${title}: các trang`, (page) => {
    pager.busy();
    status.textContent = '';
    load(page)
      .then((next) => {
        if (!next) throw new ApiFailure(404, 'Danh sách này không còn hồ sơ nào.');
        current = next;
        body.replaceChildren(...rows(next));
        section.dataset['page'] = String(next.page);
        paging.onPage(list.kind, next.page);
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        status.textContent = error instanceof Error ? error.message : String(error);
      })
      .finally(() => pager.show(current));
  });
  const section: HTMLElement = h(
    'section',
    { class: 'cost-list', 'data-cost-kind': list.kind, 'data-page': String(list.page), 'aria-label': title },
    h('h2', {}, `${title} (làm mất điểm): `, h('span', { 'data-cell': `costs:${list.kind}` }, num(list.total))),
    scrollTable(['Mã hồ sơ', 'Đơn vị', 'Lĩnh vực', 'Ngày nhận'], body),
    pager.element,
    status,
  );
  return section;
}
