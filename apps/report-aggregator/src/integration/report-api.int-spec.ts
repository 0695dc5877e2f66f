import type { INestApplication } from '@nestjs/common';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { expectEventually } from '@dossier-ledger/testing';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { interleaveByTime, realisticDossiers, StoryBook } from '@dossier-ledger/aggregation/testing';
import {
  createApiKey,
  dropDatabase,
  EventWriter,
  figuresOf,
  getJson,
  newSuite,
  oracleReport,
  registry,
  suiteEnv,
} from '../testing/aggregator-test-support';

// End to end: events on the events topic → KafkaBatchServer → projections → checkpoints and the
// counters topic → merged read model → GET /v1/reports/dossiers, compared with the pure oracle.
const PROVINCE = '58'; // Ninh Thuận: 7 districts, 65 communes (2024 hierarchy)
const EDGE_PROVINCE = '48'; // Đà Nẵng: the hand-counted window-edge stories live here alone

describe('report API (end to end)', () => {
  const suite = newSuite('agg-api');
  const writer = new EventWriter(suite.prefix);
  const events: DossierEventV1[] = [];
  let app: INestApplication;
  let baseUrl: string;
  let key: string;
  let edgeCommune: string;
  let edgeDistrict: string;

  const report = (query: string, withKey = key) => getJson(baseUrl, `/v1/reports/dossiers?${query}`, withKey);

  beforeAll(async () => {
    await writer.start();
    const random = realisticDossiers({
      registry,
      seed: 7,
      dossiers: 400,
      province: PROVINCE,
      firstDay: '2024-01-01',
      days: 366,
      idPrefix: 'API',
    });
    edgeDistrict = registry.children(EDGE_PROVINCE, '2024-03-01')[0].code;
    edgeCommune = registry.children(edgeDistrict, '2024-03-01')[0].code;
    events.push(...interleaveByTime(random), ...windowEdgeStories(edgeCommune, edgeDistrict).events);
    await writer.write(events);
    key = await createApiKey(suite.database, [PROVINCE, EDGE_PROVINCE]);
    app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // Everything written is counted once the province's yearly total matches the oracle.
    await expectEventually(
      async () => {
        const { status, body } = await report(`unit=${PROVINCE}&from=2024-01-01&to=2025-06-30`);
        expect(status).toBe(200);
        expect(figuresOf(body)).toEqual(
          figuresOf(oracleReport(events, { unit: PROVINCE, from: '2024-01-01', to: '2025-06-30' })),
        );
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  });

  afterAll(async () => {
    await app?.close();
    await writer.stop();
    await dropDatabase(suite.database);
  });

  it('is ready, and shows the partition assignment in the health details', async () => {
    const { status, body } = await getJson(baseUrl, '/health');
    expect(status).toBe(200);
    const details = body['details'] as {
      assignment: { topics: Record<string, { owned: number[] }> };
      consumption: { records: number };
    };
    expect(details.assignment.topics['dossier.events.v1'].owned).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(details.consumption.records).toBe(events.length);
  });

  it('checkpoints every partition up to what it applied, and commits that offset', async () => {
    await expectEventually(async () => {
      const { body } = await getJson(baseUrl, '/health');
      const partitions = (body['details'] as { partitions: { next: string; checkpointOffset: string | null }[] })
        .partitions;
      expect(partitions).toHaveLength(8);
      for (const p of partitions) expect(p.checkpointOffset).toBe(p.next);
    });
    const committed = await writer.committedOffsets(`${suite.prefix}aggregator`);
    expect(committed).toEqual(await writer.endOffsets());
  });

  it.each([
    ['the whole of 2024', '2024-01-01', '2024-12-31'],
    ['a month', '2024-05-01', '2024-05-31'],
    ['an arbitrary window', '2024-01-19', '2024-02-19'],
    ['one day', '2024-07-15', '2024-07-15'],
  ])('gives every figure of the oracle for %s, for the province, a district and a commune', async (_name, from, to) => {
    const district = registry.children(PROVINCE, from)[1].code;
    const commune = registry.children(district, from)[0].code;
    for (const unit of [PROVINCE, district, commune]) {
      const { status, body } = await report(`unit=${unit}&from=${from}&to=${to}`);
      expect(status).toBe(200);
      const oracle = oracleReport(events, { unit, from, to });
      expect(figuresOf(body)).toEqual(figuresOf(oracle));
      expect(body['scoring']).toEqual(oracle.scoring);
      expect(body['countingRules']).toBe(oracle.countingRules);
      expect(body['unit']).toEqual({
        code: unit,
        name: registry.get(unit, to)?.name,
        level: registry.get(unit, to)?.level,
      });
    }
  });

  it('gives the rows of the oracle by level, by field and by child unit', async () => {
    const [from, to] = ['2024-04-01', '2024-09-30'];
    const children = registry.children(PROVINCE, to).map((u) => u.code);
    const oracle = oracleReport(events, { unit: PROVINCE, from, to, children });
    const byLevel = await report(`unit=${PROVINCE}&from=${from}&to=${to}&by=level`);
    expect((byLevel.body['rows'] as object[]).map(figuresOf)).toEqual(oracle.rows.byLevel.map(figuresOf));
    expect((byLevel.body['rows'] as { key: string; label: string }[]).map((r) => [r.key, r.label])).toEqual(
      oracle.rows.byLevel.map((r) => [r.key, r.label]),
    );
    const byField = await report(`unit=${PROVINCE}&from=${from}&to=${to}&by=field`);
    expect((byField.body['rows'] as object[]).map(figuresOf)).toEqual(oracle.rows.byField.map(figuresOf));
    const byChild = await report(`unit=${PROVINCE}&from=${from}&to=${to}&by=child`);
    const rows = byChild.body['rows'] as { key: string; label: string }[];
    expect(rows.map(figuresOf)).toEqual(oracle.rows.byChild.map(figuresOf));
    expect(rows.map((r) => r.key)).toEqual(children);
    expect(rows.map((r) => r.label)).toEqual(children.map((c) => registry.get(c, to)?.name));
  });

  it('rolls up exactly: a district is its district-level row plus its commune-level row; a province the sum of its levels', async () => {
    const [from, to] = ['2024-01-01', '2024-12-31'];
    const sum = (rows: Record<string, unknown>[], pick: (r: Record<string, unknown>) => number) =>
      rows.reduce((n, r) => n + pick(r), 0);
    const picks: ((r: Record<string, unknown>) => number)[] = [
      (r) => (r['received'] as { total: number }).total,
      (r) => (r['received'] as { inPeriod: { online: number } }).inPeriod.online,
      (r) => (r['received'] as { carriedOver: number }).carriedOver,
      (r) => (r['resolved'] as { total: number }).total,
      (r) => (r['resolved'] as { late: number }).late,
      (r) => r['returned'] as number,
      (r) => r['withdrawn'] as number,
      (r) => (r['pending'] as { total: number }).total,
      (r) => (r['pending'] as { overdue: number }).overdue,
    ];
    for (const district of registry.children(PROVINCE, to).map((u) => u.code)) {
      const { body } = await report(`unit=${district}&from=${from}&to=${to}&by=level`);
      const rows = body['rows'] as Record<string, unknown>[];
      expect(rows.map((r) => r['key']).every((k) => k === 'district' || k === 'commune')).toBe(true);
      for (const pick of picks) expect(sum(rows, pick)).toBe(pick(body));
    }
    const { body } = await report(`unit=${PROVINCE}&from=${from}&to=${to}&by=level`);
    const rows = body['rows'] as Record<string, unknown>[];
    expect(rows.map((r) => r['key'])).toEqual(['province', 'district', 'commune']);
    for (const pick of picks) expect(sum(rows, pick)).toBe(pick(body));
    // …and the province equals its own dossiers plus each district's.
    const districts = await Promise.all(
      registry.children(PROVINCE, to).map((u) => report(`unit=${u.code}&from=${from}&to=${to}`)),
    );
    const provinceLevel = rows.find((r) => r['key'] === 'province') as Record<string, unknown>;
    for (const pick of picks)
      expect(
        pick(provinceLevel) +
          sum(
            districts.map((d) => d.body),
            pick,
          ),
      ).toBe(pick(body));
  });

  it('counts each window edge as the form says (hand-counted stories)', async () => {
    const { status, body } = await report(`unit=${edgeCommune}&from=2024-03-01&to=2024-03-31`);
    expect(status).toBe(200);
    expect(figuresOf(body)).toEqual({
      received: { total: 12, inPeriod: { total: 8, online: 2, direct: 5, postal: 1 }, carriedOver: 4 },
      resolved: { total: 4, early: 1, onTime: 1, late: 2 },
      returned: 1,
      withdrawn: 1,
      pending: {
        total: 6,
        inTime: 5,
        overdue: 1,
        byState: { processing: 4, waitingSupplement: 1, waitingPayment: 1, paused: 0 },
      },
      rates: { onTime: 0.5, late: 0.5, online: 0.25 },
    });
    expect((body['scoring'] as { lateWithApology: unknown }).lateWithApology).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(figuresOf(body)).toEqual(
      figuresOf(oracleReport(events, { unit: edgeCommune, from: '2024-03-01', to: '2024-03-31' })),
    );
    // The district shows the commune's dossiers under "commune level" and its own desk's separately.
    const district = await report(`unit=${edgeDistrict}&from=2024-03-01&to=2024-03-31&by=level`);
    const rows = district.body['rows'] as { key: string; received: { total: number } }[];
    expect(rows.map((r) => [r.key, r.received.total])).toEqual([
      ['district', 1],
      ['commune', 12],
    ]);
  });

  it('reads periods, with the statutory cut-off', async () => {
    const month = await report(`unit=${PROVINCE}&period=2024-02`);
    expect(month.body).toMatchObject({
      from: '2024-02-01',
      to: '2024-02-29',
      period: { code: '2024-02', cutoff: 'calendar' },
    });
    expect(figuresOf(month.body)).toEqual(
      figuresOf((await report(`unit=${PROVINCE}&from=2024-02-01&to=2024-02-29`)).body),
    );
    const statutory = await report(`unit=${PROVINCE}&period=2024-Q1&cutoff=statutory`);
    expect(statutory.body).toMatchObject({ from: '2023-12-15', to: '2024-03-14' });
    expect(figuresOf(statutory.body)).toEqual(
      figuresOf(oracleReport(events, { unit: PROVINCE, from: '2023-12-15', to: '2024-03-14' })),
    );
    for (const period of ['2024-H1', '2024-9M', '2024'])
      expect((await report(`unit=${PROVINCE}&period=${period}`)).status).toBe(200);
  });

  it.each([
    ['unknown unit', 'unit=99999&from=2024-01-01&to=2024-01-31', 'unit'],
    ['no unit', 'from=2024-01-01&to=2024-01-31', 'unit'],
    ['a bad date', 'unit=58&from=2024-02-30&to=2024-03-31', 'from'],
    ['a malformed date', 'unit=58&from=2024-01-01&to=31/01/2024', 'to'],
    ['from after to', 'unit=58&from=2024-03-01&to=2024-02-01', 'from'],
    ['an unknown period', 'unit=58&period=2023-Q5', 'period'],
    ['a period that is no period', 'unit=58&period=soon', 'period'],
    ['no window', 'unit=58', 'from'],
    ['an unknown grouping', 'unit=58&period=2024&by=district', 'by'],
    ['an unknown cutoff', 'unit=58&period=2024&cutoff=lunar', 'cutoff'],
  ])('answers 400 naming the parameter for %s', async (_name, query, parameter) => {
    const { status, body } = await report(query);
    expect(status).toBe(400);
    expect(String(body['message'])).toMatch(new RegExp(`\\b${parameter}\\b`));
  });

  it('needs a key with the read role, and keeps a key to its subtree', async () => {
    expect((await report(`unit=${PROVINCE}&period=2024`, '')).status).toBe(401);
    const writeOnly = await createApiKey(suite.database, [PROVINCE], ['write']);
    expect((await report(`unit=${PROVINCE}&period=2024`, writeOnly)).status).toBe(403);
    const district = registry.children(PROVINCE, '2024-12-31')[0].code;
    const districtKey = await createApiKey(suite.database, [district]);
    expect((await report(`unit=${district}&period=2024`, districtKey)).status).toBe(200);
    expect(
      (await report(`unit=${registry.children(district, '2024-12-31')[0].code}&period=2024`, districtKey)).status,
    ).toBe(200);
    const outside = await report(`unit=${PROVINCE}&period=2024`, districtKey);
    expect(outside.status).toBe(403);
    expect(String(outside.body['message'])).toContain(PROVINCE);
  });

  it('serves its OpenAPI description at /docs', async () => {
    const response = await fetch(`${baseUrl}/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/reports/dossiers', '/health']));
  });
});

/**
 * Window [2024-03-01, 2024-03-31] in one commune, each story on an edge. Expected (commune):
 * received in period 8 (online A, E; direct D, H, I, J, M; postal K), carried over 4 (B, C, L, N),
 * resolved early A, on time B, late I (apology) and L (none); returned K; withdrawn J;
 * pending at the 31st: C overdue; D (due on the 31st), E, M processing in time; H waiting for a
 * supplement; N waiting for payment. Not counted: F (finished before), G (received after).
 * One more dossier at the district's own desk (P) shows up as a district-level row.
 */
function windowEdgeStories(commune: string, district: string): StoryBook {
  const book = new StoryBook('EDGE', 'edge-source');
  book.receive('A', { unit: commune, on: '2024-03-01', due: '2024-03-10', channel: 'online' }).resolved('2024-03-05');
  book.receive('B', { unit: commune, on: '2024-02-20', due: '2024-03-31', channel: 'direct' }).resolved('2024-03-31');
  book.receive('C', { unit: commune, on: '2024-02-10', due: '2024-02-25', channel: 'direct' });
  book.receive('D', { unit: commune, on: '2024-03-15', due: '2024-03-31', channel: 'direct' });
  book.receive('E', { unit: commune, on: '2024-03-31', due: '2024-04-10', channel: 'online' });
  book.receive('F', { unit: commune, on: '2024-02-01', due: '2024-02-20', channel: 'online' }).resolved('2024-02-29');
  book.receive('G', { unit: commune, on: '2024-04-01', due: '2024-04-10', channel: 'online' });
  book
    .receive('H', { unit: commune, on: '2024-03-02', due: '2024-03-12', channel: 'direct' })
    .add('SupplementRequested', '2024-03-20');
  book
    .receive('I', { unit: commune, on: '2024-03-03', due: '2024-03-20', channel: 'direct' })
    .add('ApologyIssued', '2024-03-19')
    .resolved('2024-03-25');
  book
    .receive('J', { unit: commune, on: '2024-03-04', due: '2024-03-20', channel: 'direct' })
    .add('DossierWithdrawn', '2024-03-06');
  book
    .receive('K', { unit: commune, on: '2024-03-05', due: '2024-03-20', channel: 'postal' })
    .add('DossierReturned', '2024-03-08');
  book.receive('L', { unit: commune, on: '2024-02-28', due: '2024-02-29', channel: 'direct' }).resolved('2024-03-01');
  book.receive('M', { unit: commune, on: '2024-03-10', due: '2024-04-30', channel: 'direct' });
  book
    .receive('N', { unit: commune, on: '2024-02-26', due: '2024-03-05', channel: 'direct' })
    .add('PaymentRequested', '2024-02-27');
  book.receive('P', { unit: district, on: '2024-03-07', due: '2024-03-20', channel: 'direct' });
  return book;
}
