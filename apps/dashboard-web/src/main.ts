import { localDateOfEpochMs } from '@dossier-ledger/calendar';
import type {
  DossierReportDto,
  KeyScopeDto,
  UnitTargetsDto,
  UnitTreeDto,
  UnitTreeNodeDto,
} from '@dossier-ledger/contracts';
import type { FormTable } from '@dossier-ledger/report-forms';
import { ApiFailure, currentSession, getJson, signIn, signOut } from './lib/api';
import { searchUnits } from './lib/unit-search';
import {
  comparePeriod,
  parseViewState,
  periodOf,
  serializeViewState,
  windowQuery,
  type Tab,
  type ViewState,
} from './lib/view-state';
import { LiveUpdates } from './lib/live-updates';
import { fetchTargets } from './lib/targets';
import { chartsView } from './views/charts-tab';
import { cellTexts, h, markChanged } from './views/dom';
import { formView } from './views/form-tab';
import { breadcrumbs, cards, childTable } from './views/overview';
import { qualityView } from './views/quality-tab';
import { scoresView } from './views/scores-tab';
import { windowPicker } from './views/window-picker';

const app = document.getElementById('app') as HTMLElement;
const liveStatus = document.getElementById('live-status') as HTMLElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;

const TAB_LABELS: Record<Tab, string> = {
  form: 'Biểu II.06a',
  charts: 'Biểu đồ',
  scores: 'Điểm số',
  quality: 'Chất lượng dữ liệu',
};

let scope: KeyScopeDto | null = null;
let state: ViewState = parseViewState(location.search, localDateOfEpochMs(Date.now()));
/** Subtrees of the key's units, by hierarchy date: breadcrumbs and search. */
const trees = new Map<string, UnitTreeNodeDto[]>();
let rendering: AbortController | null = null;
const live = new LiveUpdates(liveStatus, () => void render(true));

/** Another unit, window or tab starts its lists at page 1. */
function hrefOf(patch: Partial<ViewState>): string {
  return serializeViewState({ ...state, pages: {}, ...patch });
}

function navigate(patch: Partial<ViewState>): void {
  state = { ...state, pages: {}, ...patch };
  history.pushState(null, '', serializeViewState(state));
  void render(false);
}

/** Links inside the app change the view without reloading the page. */
app.addEventListener('click', (event) => {
  const link = (event.target as HTMLElement).closest('a');
  if (!link || link.hasAttribute('download') || !link.getAttribute('href')?.startsWith('?')) return;
  event.preventDefault();
  state = parseViewState(link.getAttribute('href') ?? '', localDateOfEpochMs(Date.now()));
  history.pushState(null, '', serializeViewState(state));
  void render(false);
});
window.addEventListener('popstate', () => {
  state = parseViewState(location.search, localDateOfEpochMs(Date.now()));
  void render(false);
});
signOutButton.addEventListener('click', async () => {
  await signOut();
  live.close();
  scope = null;
  showSignIn('Đã đăng xuất.');
});

function showSignIn(message = ''): void {
  signOutButton.hidden = true;
  const input = h('input', {
    id: 'api-key',
    type: 'password',
    autocomplete: 'off',
    required: true,
    'aria-describedby': 'sign-in-message',
  });
  const note = h('p', { id: 'sign-in-message', class: message ? 'error' : 'muted', role: 'alert' }, message);
  const form = h(
    'form',
    { class: 'sign-in', 'aria-label': 'Đăng nhập' },
    h('h1', {}, 'Đăng nhập'),
    h('label', { for: 'api-key' }, 'Khóa truy cập (quyền đọc)'),
    input,
    h('button', { class: 'primary', type: 'submit' }, 'Đăng nhập'),
    note,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    note.textContent = 'Đang kiểm tra…';
    note.className = 'muted';
    try {
      scope = await signIn(input.value);
      void render(false);
    } catch (error) {
      note.textContent = error instanceof Error ? error.message : String(error);
      note.className = 'error';
    }
  });
  app.replaceChildren(form);
  input.focus();
}

async function treeOn(on: string, signal: AbortSignal): Promise<UnitTreeNodeDto[]> {
  const cached = trees.get(on);
  if (cached) return cached;
  const roots = scope?.units ?? [];
  const parts = await Promise.all(
    roots.map((root) =>
      getJson<UnitTreeDto>(`/api/reports/units?unit=${root.code}&on=${on}`, signal).then(
        (tree) => tree.units,
        () => [] as UnitTreeNodeDto[],
      ),
    ),
  );
  const units = parts.flat();
  trees.set(on, units);
  return units;
}

function pathTo(code: string, units: UnitTreeNodeDto[]): UnitTreeNodeDto[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const path: UnitTreeNodeDto[] = [];
  for (let unit = byCode.get(code); unit; unit = unit.parent ? byCode.get(unit.parent) : undefined) path.unshift(unit);
  return path;
}

function searchBox(units: UnitTreeNodeDto[]): HTMLElement {
  const input = h('input', {
    id: 'unit-search',
    type: 'search',
    placeholder: 'Tìm đơn vị (không cần dấu)…',
    'aria-label': 'Tìm đơn vị',
  });
  const list = h('ul', { id: 'unit-search-results', role: 'listbox' });
  input.addEventListener('input', () => {
    list.replaceChildren(
      ...searchUnits(units, input.value).map((unit) =>
        h('li', {}, h('a', { href: hrefOf({ unit: unit.code }), 'data-unit': unit.code }, unit.name)),
      ),
    );
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') list.querySelector('a')?.click();
  });
  return h('div', { class: 'search' }, input, list);
}

async function tabContent(
  tab: Tab,
  unit: string,
  parent: string | null,
  query: string,
  report: DossierReportDto,
  targets: UnitTargetsDto | null,
  signal: AbortSignal,
): Promise<HTMLElement> {
  const base = `unit=${encodeURIComponent(unit)}&${query}`;
  switch (tab) {
    case 'form':
      return formView(await getJson<FormTable>(`/api/reports/dossiers.form?${base}`, signal), base);
    case 'charts':
      return chartsView(unit, report, targets, signal);
    case 'scores':
      return scoresView(unit, parent, report, signal, {
        pages: state.pages,
        // Only that list is redrawn; the URL keeps its page (back goes to the page before).
        onPage: (list, page) => {
          state = { ...state, pages: { ...state.pages, [list]: page } };
          history.pushState(null, '', serializeViewState(state));
        },
      });
    case 'quality':
      return qualityView(base, report, signal);
  }
}

/** Draws the view of `state`; `refresh` keeps the page and marks the figures that changed. */
async function render(refresh: boolean): Promise<void> {
  rendering?.abort();
  const control = new AbortController();
  rendering = control;
  const { signal } = control;
  try {
    if (!scope) scope = await currentSession();
    signOutButton.hidden = false;
    const unit = state.unit ?? scope.units[0]?.code;
    if (!unit) throw new ApiFailure(403, 'Khóa này không được đọc đơn vị nào.');
    const period = periodOf(state);
    const query = windowQuery(period);
    const before = comparePeriod(period, state.compare);
    const [report, previous, units, targets] = await Promise.all([
      getJson<DossierReportDto>(`/api/reports/dossiers?unit=${encodeURIComponent(unit)}&${query}&by=child`, signal),
      before
        ? getJson<DossierReportDto>(
            `/api/reports/dossiers?unit=${encodeURIComponent(unit)}&${windowQuery(before)}`,
            signal,
          )
        : Promise.resolve(null),
      treeOn(period.to, signal),
      fetchTargets(unit, period.to, signal),
    ]);
    const path = pathTo(unit, units);
    const parent = path.length > 1 ? path[path.length - 2].code : null;
    const content = await tabContent(state.tab, unit, parent, query, report, targets, signal);
    if (signal.aborted) return;
    const old = refresh ? cellTexts(app) : new Map<string, string>();
    const tabs = h(
      'nav',
      { class: 'tabs', role: 'tablist' },
      ...(Object.keys(TAB_LABELS) as Tab[]).map((tab) =>
        h(
          'a',
          { role: 'tab', href: hrefOf({ tab }), 'aria-selected': String(tab === state.tab), 'data-tab': tab },
          TAB_LABELS[tab],
        ),
      ),
    );
    app.replaceChildren(
      h(
        'div',
        { class: 'toolbar' },
        path.length > 0 ? breadcrumbs(path, (code) => hrefOf({ unit: code })) : h('strong', {}, report.unit.name),
        searchBox(units),
      ),
      windowPicker(state, navigate),
      h('h1', { id: 'unit-title' }, report.unit.name),
      cards(report, previous, targets),
      childTable(report, (code) => hrefOf({ unit: code })) ?? '',
      tabs,
      content,
    );
    if (refresh) markChanged(app, old);
    document.title = `${report.unit.name} – ${period.label}`;
    live.follow(unit);
    // Milliseconds from navigation to a drawn view with its figures: the e2e suite reads it.
    document.body.dataset['ready'] = String(Math.round(performance.now()));
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof ApiFailure && error.status === 401) {
      live.close();
      scope = null;
      return showSignIn(state.unit || refresh ? 'Phiên đăng nhập đã hết, hãy nhập lại khóa.' : '');
    }
    const message =
      error instanceof ApiFailure && error.status === 403
        ? 'Khóa truy cập này không được xem đơn vị này (ngoài phạm vi được cấp).'
        : error instanceof Error
          ? error.message
          : String(error);
    app.replaceChildren(
      h('p', { class: 'error', role: 'alert', id: 'view-error' }, message),
      h('p', {}, h('a', { href: hrefOf({ unit: null }) }, 'Về đơn vị của tôi')),
    );
  }
}

void render(false);
