import type { CostKind, DossierCostDto, DossierReportDto } from '@dossier-ledger/contracts';
import { createTestApiKey } from '@dossier-ledger/platform/testing';
import {
  ServiceProcess,
  dropTestDatabase,
  expectEventually,
  launchChromium,
  processSuite,
  startIntakeAndAggregator,
} from '@dossier-ledger/testing';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { Workbook } from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { dossier, provinceEvents } from '../testing/dashboard-seed';

// The dashboard in a real headless Chromium (Debian's package, installed when missing), against the
// real services as processes on the real Kafka and FerretDB: sign in, drill down, windows, form
// II.06a against the JSON report and the XLSX / PDF files, live updates, a district key's limits.
const ROOT = join(__dirname, '..', '..', '..', '..');
const WEB_DIR = join(ROOT, 'dist', 'apps', 'dashboard-web');
const SHOTS = process.env['DASHBOARD_SCREENSHOT_DIR'] ?? join(ROOT, '.local', 'screenshots');
const registry = loadDefaultUnitRegistry();
const ON = '2024-02-29';
const PROVINCE = '42';
const [D1, D2] = registry.children(PROVINCE, ON);
const COMMUNES = registry.children(PROVINCE, ON).flatMap((d) => registry.children(d.code, ON));
const C1 = registry.children(D1.code, ON)[0];
const PER_COMMUNE = 6;
const MONTH = 'w=2024-02';

/** The page globals the callbacks below use in the browser (this suite compiles without the DOM library). */
declare const document: {
  body: { dataset: Record<string, string | undefined> };
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
  activeElement: { getAttribute(name: string): string | null } | null;
};

/** One list of `GET /v1/scores/explain`'s costs (scoring's CostList). */
interface CostList {
  kind: CostKind;
  total: number;
  page: number;
  pageSize: number;
  dossiers: DossierCostDto[];
}

/** "20.845" → 20845 */
const count = (text: string | null) => Number((text ?? '').replace(/\./g, '').trim());

describe('dashboard (headless Chromium)', () => {
  const suite = processSuite('dashboard-e2e');
  const { prefix, database, variables: common } = suite;
  const services: ServiceProcess[] = [];
  let intake: ServiceProcess;
  let aggregator: ServiceProcess;
  let scoring: ServiceProcess;
  let dashboard: ServiceProcess;
  let dashboardVariables: Record<string, string>;
  let browser: Browser;
  let writeKey: string;
  let provinceKey: string;
  let districtKey: string;

  const report = async (query: string): Promise<DossierReportDto> => {
    const response = await fetch(`${aggregator.baseUrl}/v1/reports/dossiers?${query}`, {
      headers: { authorization: `Bearer ${provinceKey}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as DossierReportDto;
  };

  const post = async (events: unknown[]) => {
    for (let i = 0; i < events.length; i += 1000) {
      const response = await fetch(`${intake.baseUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(events.slice(i, i + 1000)),
      });
      expect(response.status).toBe(202);
    }
  };

  const openPage = async (width = 1366, height = 768): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: 'vi-VN' });
    return context.newPage();
  };

  /** Waits for a drawn view and returns how long it took from navigation (ms, measured in the page). */
  const ready = async (page: Page, previous?: string): Promise<number> => {
    const handle = await page.waitForFunction(
      (before) => {
        const value = document.body.dataset['ready'];
        return value !== undefined && value !== before ? value : false;
      },
      previous,
      { timeout: 30_000 },
    );
    return Number(await handle.jsonValue());
  };

  const signIn = async (page: Page, key: string, search = `?${MONTH}&tab=form`) => {
    await page.goto(`${dashboard.baseUrl}/${search}`);
    await page.fill('#api-key', key);
    await page.click('form.sign-in button[type=submit]');
    return ready(page);
  };

  const shot = (page: Page, name: string, fullPage = false) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    execFileSync('npx', ['nx', 'build', 'dashboard-web', '--outputStyle=static'], {
      cwd: ROOT,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
    browser = await launchChromium();
    writeKey = await createTestApiKey(database, [PROVINCE], ['write', 'read']);
    provinceKey = await createTestApiKey(database, [PROVINCE], ['read']);
    districtKey = await createTestApiKey(database, [D1.code], ['read']);
    [intake, aggregator] = await startIntakeAndAggregator(suite);
    services.push(intake, aggregator);
    scoring = await ServiceProcess.start({
      name: 'scoring',
      main: 'apps/scoring/src/main.ts',
      variables: { ...common, KAFKA_GROUP_ID: `${prefix}scoring`, REPORT_API_URL: aggregator.baseUrl },
    });
    services.push(scoring);
    dashboardVariables = {
      REPORT_API_URL: aggregator.baseUrl,
      SCORING_API_URL: scoring.baseUrl,
      INTAKE_API_URL: intake.baseUrl,
      DASHBOARD_WEB_DIR: WEB_DIR,
    };
    dashboard = await ServiceProcess.start({
      name: 'dashboard',
      main: 'apps/dashboard/src/main.ts',
      variables: dashboardVariables,
    });
    await post(
      provinceEvents(
        COMMUNES.map((c) => c.code),
        PER_COMMUNE,
      ),
    );
    await expectEventually(
      async () =>
        expect((await report(`unit=${PROVINCE}&period=2024-02`)).received.total).toBe(COMMUNES.length * PER_COMMUNE),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([...services, dashboard].map((s) => s?.stop()));
    await dropTestDatabase(database);
  }, 60_000);

  it('states the size of the JavaScript it ships', () => {
    const js = readFileSync(join(WEB_DIR, 'app.js'));
    const sizes = { raw: statSync(join(WEB_DIR, 'app.js')).size, gzip: gzipSync(js).length };
    console.log(`dashboard app.js: ${sizes.raw} bytes, ${sizes.gzip} bytes gzipped`);
    expect(sizes.gzip).toBeLessThan(sizes.raw);
  });

  it('refuses a wrong key with a clear message, in Vietnamese', async () => {
    const page = await openPage();
    await page.goto(`${dashboard.baseUrl}/`);
    await page.fill('#api-key', `${provinceKey.slice(0, -4)}AAAA`);
    await page.click('form.sign-in button[type=submit]');
    await page.waitForSelector('#sign-in-message.error');
    expect(await page.textContent('#sign-in-message')).toBe('Khóa truy cập không đúng hoặc đã bị thu hồi.');
    const api = await page.evaluate(async () => (await fetch('/api/reports/dossiers?unit=42&period=2024-02')).status);
    expect(api).toBe(401);
    await page.context().close();
  });

  it('signs in, drills down province → district → commune, and goes back up by the breadcrumbs', async () => {
    const page = await openPage();
    const interactiveMs = await signIn(page, provinceKey);
    console.log(`province view (${COMMUNES.length} communes) interactive ${interactiveMs} ms after navigation`);
    expect(await page.textContent('#unit-title')).toBe('Tỉnh Hà Tĩnh');
    const province = await report(`unit=${PROVINCE}&period=2024-02&by=child`);
    expect(count(await page.textContent('[data-cell="card:received"]'))).toBe(province.received.total);
    expect(await page.locator('#child-units tbody tr').count()).toBe(province.rows?.length);
    await shot(page, 'dashboard-province');

    let before = await page.evaluate(() => document.body.dataset['ready']);
    await page.click(`#child-units tr[data-unit="${D1.code}"] a`);
    await ready(page, before);
    expect(await page.textContent('#unit-title')).toBe(D1.name);
    expect(page.url()).toContain(`unit=${D1.code}`);
    const district = await report(`unit=${D1.code}&period=2024-02`);
    expect(count(await page.textContent(`[data-cell="card:received"]`))).toBe(district.received.total);

    before = await page.evaluate(() => document.body.dataset['ready']);
    await page.click(`#child-units tr[data-unit="${C1.code}"] a`);
    await ready(page, before);
    expect(await page.textContent('#unit-title')).toBe(C1.name);
    expect(await page.locator('nav.crumbs a').allTextContents()).toEqual(['Tỉnh Hà Tĩnh', D1.name]);
    expect(await page.locator('#child-units').count()).toBe(0);

    before = await page.evaluate(() => document.body.dataset['ready']);
    await page.click('nav.crumbs a >> nth=0');
    await ready(page, before);
    expect(await page.textContent('#unit-title')).toBe('Tỉnh Hà Tĩnh');
    await page.context().close();
  });

  it('changes the window with the picker and compares with the previous period', async () => {
    const page = await openPage();
    await signIn(page, provinceKey, `?unit=${PROVINCE}&${MONTH}&tab=form`);
    let before = await page.evaluate(() => document.body.dataset['ready']);
    await page.selectOption('#window-kind', 'quarter');
    await ready(page, before);
    expect(page.url()).toContain('w=2024-Q1');
    expect(await page.textContent('#window-label')).toContain('Quý I/2024');

    before = await page.evaluate(() => document.body.dataset['ready']);
    await page.check('#window-cutoff');
    await ready(page, before);
    expect(page.url()).toContain('cutoff=statutory');
    const statutory = await report(`unit=${PROVINCE}&period=2024-Q1&cutoff=statutory`);
    expect(count(await page.textContent('[data-cell="card:received"]'))).toBe(statutory.received.total);

    before = await page.evaluate(() => document.body.dataset['ready']);
    await page.goto(`${dashboard.baseUrl}/?unit=${PROVINCE}&w=2024-03&cmp=previous&tab=form`);
    await ready(page, before);
    // March has only February's carried-over dossiers: fewer received than February, shown as a delta.
    const march = await report(`unit=${PROVINCE}&period=2024-03`);
    const february = await report(`unit=${PROVINCE}&period=2024-02`);
    const sign = march.received.total < february.received.total ? '−' : '+';
    expect(await page.textContent('.card:has([data-cell="card:received"]) .delta')).toBe(
      `${sign}${Math.abs(march.received.total - february.received.total).toLocaleString('de-DE')}`,
    );
    await page.context().close();
  });

  it('shows form II.06a equal to the JSON report, cell for cell the XLSX, and the same figures in the PDF', async () => {
    const page = await openPage();
    await signIn(page, provinceKey, `?unit=${D1.code}&${MONTH}&tab=form`);
    const json = await report(`unit=${D1.code}&period=2024-02`);
    const screen = await page.$$eval('#form-ii06a tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const total = screen[screen.length - 1];
    expect(total[1]).toBe('Tổng cộng');
    expect(total.slice(2).map(count)).toEqual([
      json.received.total,
      json.received.inPeriod.online,
      json.received.inPeriod.direct + json.received.inPeriod.postal,
      json.received.carriedOver,
      json.resolved.total,
      json.resolved.early,
      json.resolved.onTime,
      json.resolved.late,
      json.pending.total,
      json.pending.inTime,
      json.pending.overdue,
      json.returned,
      json.withdrawn,
    ]);
    expect(json.returned).toBeGreaterThan(0);
    await shot(page, 'dashboard-form', true);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-download="xlsx"]')]);
    expect(xlsx.suggestedFilename()).toBe(`II.06a_${D1.code}_2024-02-01_2024-02-29.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(await xlsx.path());
    const sheet = workbook.worksheets[0];
    const sheetRows: string[][] = [];
    sheet.eachRow((row) =>
      sheetRows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    );
    for (const row of screen) {
      const match = sheetRows.find((r) => r[0] === row[0] && r[1] === row[1]);
      expect(match?.slice(2).map(Number)).toEqual(row.slice(2).map(count));
    }

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('[data-download="pdf"]')]);
    expect(pdf.suggestedFilename()).toBe(`II.06a_${D1.code}_2024-02-01_2024-02-29.pdf`);
    const text = execFileSync(process.execPath, [join(ROOT, 'libs/report-forms/src/testing/pdf-text.mjs')], {
      input: readFileSync(await pdf.path()),
    }).toString('utf8');
    const flat = (JSON.parse(text) as { text: string }).text.replace(/\s+/g, ' ');
    expect(flat).toContain(`Đơn vị báo cáo: ${D1.name}`);
    for (const row of screen) expect(flat).toContain(row.slice(1).join(' '));
    await page.context().close();
  });

  it('finds a unit by its name typed without diacritics', async () => {
    const page = await openPage();
    await signIn(page, provinceKey);
    const target = COMMUNES.find((c) => c.name.normalize('NFD') !== c.name && c.name.split(' ').length >= 3) ?? C1;
    const typed = target.name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .split(' ')
      .slice(1)
      .join(' ')
      .toLowerCase();
    await page.fill('#unit-search', typed);
    await page.waitForSelector(`#unit-search-results a[data-unit="${target.code}"]`);
    const before = await page.evaluate(() => document.body.dataset['ready']);
    await page.click(`#unit-search-results a[data-unit="${target.code}"]`);
    await ready(page, before);
    expect(await page.textContent('#unit-title')).toBe(target.name);
    await page.context().close();
  });

  it('updates a figure on screen after an event through the intake, and marks it', async () => {
    const page = await openPage();
    await signIn(page, provinceKey, `?unit=${C1.code}&${MONTH}&tab=form`);
    await page.waitForFunction(() => document.body.dataset['live'] === 'open');
    const cell = '[data-cell="card:received"]';
    const old = count(await page.textContent(cell));
    const posted = Date.now();
    await post(dossier(`E2E-LIVE-${Date.now()}`, C1.code, '2024-02-15', { channel: 'online', outcome: 'open' }));
    const acknowledged = Date.now();
    await page.waitForFunction(
      ({ selector, value }) => document.querySelector(selector)?.textContent !== value,
      {
        selector: cell,
        value: old.toLocaleString('de-DE'),
      },
      { timeout: 20_000 },
    );
    console.log(
      `live: the figure changed on screen ${Date.now() - acknowledged} ms after the intake's 202 (${acknowledged - posted} ms for the POST)`,
    );
    expect(count(await page.textContent(cell))).toBe(old + 1);
    expect(await page.locator(`${cell}.changed`).count()).toBe(1);
    await page.context().close();
  });

  it('says when the live connection is lost, reconnects by itself and reads the figures again', async () => {
    const page = await openPage();
    await signIn(page, provinceKey, `?unit=${C1.code}&${MONTH}&tab=form`);
    await page.waitForFunction(() => document.body.dataset['live'] === 'open');
    const before = await page.evaluate(() => document.body.dataset['ready']);
    // The dashboard goes away and comes back on the same address (a restart, a network cut).
    const port = Number(new URL(dashboard.baseUrl).port);
    await dashboard.stop();
    await page.waitForFunction(() => document.body.dataset['live'] === 'lost', undefined, { timeout: 20_000 });
    expect(await page.textContent('#live-status')).toBe('Mất kết nối – đang kết nối lại…');
    dashboard = await ServiceProcess.start({
      name: 'dashboard',
      main: 'apps/dashboard/src/main.ts',
      variables: dashboardVariables,
      port,
    });
    await page.waitForFunction(() => document.body.dataset['live'] === 'open', undefined, { timeout: 30_000 });
    expect(await page.textContent('#live-status')).toBe('Đã kết nối lại – số liệu trực tiếp');
    await ready(page, before);
    await page.context().close();
  });

  it('draws the charts, the scores and the data quality of the subtree', async () => {
    const page = await openPage();
    await signIn(page, provinceKey, `?unit=${D1.code}&${MONTH}&tab=charts`);
    await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length === 4);
    await page.waitForTimeout(600); // ECharts' entry animation
    await shot(page, 'dashboard-charts', true);

    let before = await page.evaluate(() => document.body.dataset['ready']);
    await page.click('[data-tab="quality"]');
    await ready(page, before);
    expect(await page.getAttribute('#identity-check', 'class')).toBe('ok');

    before = await page.evaluate(() => document.body.dataset['ready']);
    await page.click('[data-tab="scores"]');
    await ready(page, before);
    expect(await page.locator('[data-rule-set="766"]').count()).toBe(1);
    // The PAR sets in effect in February 2024 (each is effective-dated).
    expect(await page.locator('[data-rule-set^="par-"]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('[data-rule-set] .error').count()).toBe(0);
    const late = await report(`unit=${D1.code}&period=2024-02`);
    expect(count(await page.textContent('[data-cost-kind="late"] h2 [data-cell]'))).toBe(late.resolved.late);
    await shot(page, 'dashboard-scores', true);
    await page.context().close();
  });

  it('pages a list of dossiers that cost points: the API page 2, only that list redrawn, buttons off at the ends', async () => {
    const lists = async (page: number) => {
      const response = await fetch(
        `${scoring.baseUrl}/v1/scores/explain?unit=${PROVINCE}&from=2024-02-01&to=2024-02-29&ruleSet=766&page=${page}&pageSize=20`,
        { headers: { authorization: `Bearer ${provinceKey}` } },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { explanations: { costs: CostList[] }[] };
      return new Map(body.explanations.flatMap((e) => e.costs).map((list) => [list.kind, list]));
    };
    const ids = (list: CostList | undefined) => list?.dossiers.map((d) => d.dossierId);
    const first = await lists(1);
    const late = first.get('late') as CostList;
    const pages = Math.ceil(late.total / late.pageSize);
    expect(pages).toBeGreaterThan(2);
    const others = [...first.keys()].filter((kind) => kind !== 'late');
    expect(others).toContain('overdue');

    const page = await openPage();
    await signIn(page, provinceKey, `?unit=${PROVINCE}&${MONTH}&tab=scores`);
    const list = '[data-cost-kind="late"]';
    const rows = () =>
      page.locator(`${list} tbody tr`).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-dossier')));
    const buttons = async () => ({
      label: await page.textContent(`${list} .pager span`),
      previous: await page.isDisabled(`${list} [data-page="previous"]`),
      next: await page.isDisabled(`${list} [data-page="next"]`),
    });
    expect(await page.textContent(`${list} h2 [data-cell]`)).toBe(late.total.toLocaleString('de-DE'));
    expect(await rows()).toEqual(ids(late));
    expect(await buttons()).toEqual({ label: `Trang 1/${pages}`, previous: true, next: false });

    // By keyboard: Enter on the focused "Sau ›". The other lists and the rest of the view stay as drawn.
    const drawn = await page.evaluate(() => document.body.dataset['ready']);
    await page.$$eval('[data-cost-kind] tbody', (bodies) => bodies.forEach((b) => b.setAttribute('data-probe', '')));
    await page.focus(`${list} [data-page="next"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${list}[data-page="2"]`);
    const second = await lists(2);
    expect(await rows()).toEqual(ids(second.get('late')));
    expect(ids(second.get('late'))).not.toEqual(ids(late));
    expect(await buttons()).toEqual({ label: `Trang 2/${pages}`, previous: false, next: false });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-page'))).toBe('next');
    expect(new URL(page.url()).searchParams.get('page-late')).toBe('2');
    expect(await page.evaluate(() => document.body.dataset['ready'])).toBe(drawn);
    for (const kind of others) {
      expect(await page.locator(`[data-cost-kind="${kind}"] tbody[data-probe]`).count()).toBe(1);
      expect(await page.getAttribute(`[data-cost-kind="${kind}"]`, 'data-page')).toBe('1');
    }

    // The last page from the URL (a shared link): "Sau ›" off, "‹ Trước" on, the API's last page.
    await page.goto(`${dashboard.baseUrl}/?unit=${PROVINCE}&${MONTH}&tab=scores&page-late=${pages}`);
    await ready(page);
    expect(await rows()).toEqual(ids((await lists(pages)).get('late')));
    expect(await buttons()).toEqual({ label: `Trang ${pages}/${pages}`, previous: false, next: true });
    const before = await page.evaluate(() => document.body.dataset['ready']);
    await page.click(`${list} [data-page="previous"]`);
    await page.waitForSelector(`${list}[data-page="${pages - 1}"]`);
    expect(await rows()).toEqual(ids((await lists(pages - 1)).get('late')));
    expect(await page.evaluate(() => document.body.dataset['ready'])).toBe(before);
    await page.context().close();
  });

  it('draws the targets of scoring’s runtime table and follows a change made through its admin API', async () => {
    const page = await openPage();
    await signIn(page, provinceKey, `?unit=${D1.code}&${MONTH}&tab=charts`);
    // The shipped defaults: communes' on-time 90 % (the line of the bar chart), a district's online 90 %.
    expect(await page.getAttribute('#chart-ontime', 'data-target')).toBe('0.9');
    expect(await page.textContent('[data-cell="card:online:target"]')).toBe('Mục tiêu 90 % (giả định)');
    const adminKey = await createTestApiKey(database, [PROVINCE], ['admin']);
    const set = await fetch(`${scoring.baseUrl}/v1/admin/targets/${PROVINCE}/commune`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ onTime: 0.8 }),
    });
    expect(set.status).toBe(200);
    await page.reload();
    await ready(page);
    expect(await page.getAttribute('#chart-ontime', 'data-target')).toBe('0.8');
    await page.context().close();
  });

  it('keeps a district key inside its district', async () => {
    const page = await openPage(390, 844);
    await signIn(page, districtKey, `?${MONTH}&tab=form`);
    expect(await page.textContent('#unit-title')).toBe(D1.name);
    await shot(page, 'dashboard-phone');
    await page.fill('#unit-search', D2.name.split(' ').slice(-1)[0]);
    expect(await page.locator(`#unit-search-results a[data-unit="${D2.code}"]`).count()).toBe(0);
    const before = await page.evaluate(() => document.body.dataset['ready']);
    await page.goto(`${dashboard.baseUrl}/?unit=${D2.code}&${MONTH}&tab=form`);
    await page.waitForSelector('#view-error');
    expect(await page.textContent('#view-error')).toBe(
      'Khóa truy cập này không được xem đơn vị này (ngoài phạm vi được cấp).',
    );
    expect(await page.evaluate(() => document.body.dataset['ready'])).not.toBe(before);
    const status = await page.evaluate(
      async (unit) => (await fetch(`/api/reports/dossiers?unit=${unit}&period=2024-02`)).status,
      D2.code,
    );
    expect(status).toBe(403);
    await page.context().close();
  });
});
