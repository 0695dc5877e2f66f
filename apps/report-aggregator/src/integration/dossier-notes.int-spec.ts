import type { INestApplication } from '@nestjs/common';
import { TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { createKafka } from '@dossier-ledger/platform';
import { expectEventually, testServers } from '@dossier-ledger/testing';
import { Workbook } from 'exceljs';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { interleaveByTime, realisticDossiers, Story, StoryBook } from '@dossier-ledger/aggregation/testing';
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

// Exports, by=child scoring, and the notes behind the figures (costs, anomalies), end to end:
// events topic → projections → counters and notes chunks on the counters topic → read model → HTTP.
const PROVINCE = '58'; // Ninh Thuận, random realistic traffic
const STORY_PROVINCE = '48'; // Đà Nẵng: the hand-counted stories below live here alone
const MARCH = 'from=2024-03-01&to=2024-03-31';

interface Costs {
  total: number;
  page: number;
  pageSize: number;
  dossiers: {
    dossierId: string;
    unitCode: string;
    dueOn: string | null;
    finishedOn: string | null;
    apologyIssued: boolean | null;
    daysPastDue: number;
    overdueSince: string | null;
  }[];
}

describe('exports and dossier notes (end to end)', () => {
  const suite = newSuite('agg-notes');
  const writer = new EventWriter(suite.prefix);
  const events: DossierEventV1[] = [];
  const district = registry.children(STORY_PROVINCE, '2024-03-31')[0].code;
  const commune = registry.children(district, '2024-03-31')[0].code;
  let app: INestApplication;
  let baseUrl: string;
  let key: string;

  const get = (path: string, withKey = key) => getJson(baseUrl, path, withKey);
  const download = (path: string, withKey = key) =>
    fetch(baseUrl + path, { headers: withKey ? { authorization: `Bearer ${withKey}` } : {} });
  const costs = async (query: string): Promise<Costs> => {
    const { status, body } = await get(`/v1/reports/dossiers/costs?${query}`);
    expect(status).toBe(200);
    return body as unknown as Costs;
  };

  const startApp = async () => {
    app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    await writer.start();
    const random = realisticDossiers({
      registry,
      seed: 11,
      dossiers: 300,
      province: PROVINCE,
      firstDay: '2024-01-01',
      days: 366,
      idPrefix: 'NT',
    });
    events.push(...interleaveByTime(random), ...stories(commune, district));
    await writer.write(events);
    key = await createApiKey(suite.database, [PROVINCE, STORY_PROVINCE]);
    await startApp();
    // Counters and notes of every partition have arrived once both match what was written.
    await expectEventually(
      async () => {
        const { body } = await get(`/v1/reports/dossiers?unit=${PROVINCE}&from=2024-01-01&to=2025-06-30`);
        expect(figuresOf(body)).toEqual(
          figuresOf(oracleReport(events, { unit: PROVINCE, from: '2024-01-01', to: '2025-06-30' })),
        );
        expect((await costs(`unit=${district}&${MARCH}&kind=overdue`)).total).toBe(3);
        expect((await costs(`unit=${PROVINCE}&from=2024-01-01&to=2024-12-31&kind=late`)).total).toBe(
          oracleReport(events, { unit: PROVINCE, from: '2024-01-01', to: '2024-12-31' }).resolved.late,
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

  describe('form II.06a downloads', () => {
    /** Columns 3 … 15 of a JSON report, as the form prints them. */
    const columns = (r: Record<string, unknown>): number[] => {
      const f = figuresOf(r) as {
        received: { total: number; inPeriod: { online: number; direct: number; postal: number }; carriedOver: number };
        resolved: { total: number; early: number; onTime: number; late: number };
        returned: number;
        withdrawn: number;
        pending: { total: number; inTime: number; overdue: number };
      };
      const { received: rc, resolved: rs, pending: p } = f;
      return [
        rc.total,
        rc.inPeriod.online,
        rc.inPeriod.direct + rc.inPeriod.postal,
        rc.carriedOver,
        rs.total,
        rs.early,
        rs.onTime,
        rs.late,
        p.total,
        p.inTime,
        p.overdue,
        f.returned,
        f.withdrawn,
      ];
    };

    it.each([
      ['the stories commune', () => commune],
      ['the stories district', () => district],
      ['the random province', () => PROVINCE],
    ])('gives the figures of the JSON report for %s, as XLSX and as CSV', async (_name, unitOf) => {
      const unit = unitOf();
      const { body: json } = await get(`/v1/reports/dossiers?unit=${unit}&${MARCH}`);
      const expected = columns(json);
      expect(expected[0]).toBeGreaterThan(0);

      const xlsx = await download(`/v1/reports/dossiers.xlsx?unit=${unit}&${MARCH}`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(xlsx.headers.get('content-disposition')).toBe(
        `attachment; filename="II.06a_${unit}_2024-03-01_2024-03-31.xlsx"; filename*=UTF-8''II.06a_${unit}_2024-03-01_2024-03-31.xlsx`,
      );
      const workbook = new Workbook();
      await workbook.xlsx.load((await xlsx.arrayBuffer()) as never);
      const sheet = workbook.worksheets[0];
      let total: number[] | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(2).value === 'Tổng cộng') total = expected.map((_, i) => Number(row.getCell(3 + i).value));
      });
      expect(total).toEqual(expected);
      expect(sheet.getCell('A1').value).toBe('Biểu số II.06a/VPCP/KSTT');
      const headerTexts = [1, 2, 3, 4, 5, 6].map((r) => sheet.getCell(`A${r}`).value);
      expect(headerTexts).toContain('Từ ngày 01/03/2024 đến ngày 31/03/2024');

      const csv = await download(`/v1/reports/dossiers.csv?unit=${unit}&${MARCH}`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''II.06a_${unit}_2024-03-01_2024-03-31.csv`,
      );
      const bytes = Buffer.from(await csv.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toContain('Biểu số II.06a/VPCP/KSTT');
      // The total row has no quoted field; counts are printed the Vietnamese way (20.845).
      const totalLine = lines.find((line) => line.startsWith(',Tổng cộng,')) as string;
      expect(
        totalLine
          .split(',')
          .slice(2)
          .map((v) => Number(v.replace(/\./g, ''))),
      ).toEqual(expected);
    });

    it('answers a bad query with 400 naming the parameter, and checks the key like the JSON report', async () => {
      for (const ext of ['xlsx', 'csv']) {
        const bad = await get(`/v1/reports/dossiers.${ext}?unit=${commune}&from=2024-03-32&to=2024-03-31`);
        expect(bad.status).toBe(400);
        expect(String(bad.body['message'])).toMatch(/\bfrom\b/);
        const unknown = await get(`/v1/reports/dossiers.${ext}?unit=99999&${MARCH}`);
        expect(unknown.status).toBe(400);
        expect(String(unknown.body['message'])).toMatch(/\bunit\b/);
        expect((await download(`/v1/reports/dossiers.${ext}?unit=${commune}&${MARCH}`, '')).status).toBe(401);
      }
      const communeKey = await createApiKey(suite.database, [commune]);
      expect((await download(`/v1/reports/dossiers.xlsx?unit=${district}&${MARCH}`, communeKey)).status).toBe(403);
      expect((await download(`/v1/reports/dossiers.csv?unit=${commune}&${MARCH}`, communeKey)).status).toBe(200);
    });

    it('documents both downloads in OpenAPI with their media types', async () => {
      const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as {
        paths: Record<string, { get: { responses: Record<string, { content?: object }> } }>;
      };
      expect(Object.keys(document.paths['/v1/reports/dossiers.xlsx'].get.responses['200'].content ?? {})).toEqual([
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
      expect(Object.keys(document.paths['/v1/reports/dossiers.csv'].get.responses['200'].content ?? {})).toEqual([
        'text/csv; charset=utf-8',
      ]);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/v1/reports/anomalies', '/v1/reports/dossiers/costs']),
      );
    });
  });

  it('gives every by=child row the scoring inputs of the child’s own report', async () => {
    const [from, to] = ['2024-04-01', '2024-09-30'];
    const { body } = await get(`/v1/reports/dossiers?unit=${PROVINCE}&from=${from}&to=${to}&by=child`);
    const rows = body['rows'] as { key: string; scoring: unknown }[];
    expect(rows.map((r) => r.key)).toEqual(registry.children(PROVINCE, to).map((u) => u.code));
    for (const row of rows) expect(row.scoring).toEqual(oracleReport(events, { unit: row.key, from, to }).scoring);
    expect(rows.some((r) => (r.scoring as { digitized: { of: number } }).digitized.of > 0)).toBe(true);
    const { body: byLevel } = await get(`/v1/reports/dossiers?unit=${PROVINCE}&from=${from}&to=${to}&by=level`);
    expect((byLevel['rows'] as object[]).every((r) => !('scoring' in r))).toBe(true);
  });

  describe('GET /v1/reports/dossiers/costs', () => {
    it('lists the hand-counted late and overdue dossiers with their dates', async () => {
      const late = await costs(`unit=${district}&${MARCH}&kind=late`);
      expect(late).toMatchObject({
        total: 2,
        page: 1,
        pageSize: 50,
        kind: 'late',
        unit: { code: district },
        from: '2024-03-01',
        to: '2024-03-31',
      });
      expect(late.dossiers).toEqual([
        expect.objectContaining({
          dossierId: 'NOTE-B',
          unitCode: commune,
          dueOn: '2024-03-10',
          finishedOn: '2024-03-12',
          apologyIssued: true,
          daysPastDue: 2,
          overdueSince: null,
        }),
        expect.objectContaining({
          dossierId: 'NOTE-A',
          unitCode: commune,
          dueOn: '2024-03-10',
          finishedOn: '2024-03-15',
          apologyIssued: false,
          daysPastDue: 5,
        }),
      ]);
      expect(await costs(`unit=${district}&period=2024-03&kind=late`)).toMatchObject({
        total: 2,
        dossiers: late.dossiers,
      });
      const withoutApology = await costs(`unit=${commune}&${MARCH}&kind=lateWithoutApology`);
      expect(withoutApology.dossiers.map((d) => d.dossierId)).toEqual(['NOTE-A']);
      // G is resolved late in April but was overdue at the end of March: column 13 of March counts it.
      const overdue = await costs(`unit=${district}&${MARCH}&kind=overdue`);
      expect(
        overdue.dossiers.map((d) => [d.dossierId, d.unitCode, d.overdueSince, d.dueOn, d.daysPastDue, d.finishedOn]),
      ).toEqual([
        ['NOTE-C', commune, '2024-02-29', '2024-02-28', 32, null],
        ['NOTE-D', district, '2024-03-21', '2024-03-20', 11, null],
        ['NOTE-G', commune, '2024-03-26', '2024-03-25', 6, null],
      ]);
      expect(
        (await costs(`unit=${commune}&from=2024-04-01&to=2024-04-30&kind=late`)).dossiers.map((d) => d.dossierId),
      ).toEqual(['NOTE-G']);
      expect(
        (await costs(`unit=${commune}&from=2024-04-01&to=2024-04-30&kind=overdue`)).dossiers.map((d) => d.dossierId),
      ).toEqual(['NOTE-C', 'NOTE-E']);
    });

    it.each([
      ['a year', '2024-01-01', '2024-12-31'],
      ['a month', '2024-05-01', '2024-05-31'],
      ['an arbitrary window', '2024-01-19', '2024-02-19'],
    ])('totals the report’s figures over %s, for the province, a district and a commune', async (_name, from, to) => {
      const districtCode = registry.children(PROVINCE, to)[1].code;
      for (const unit of [PROVINCE, districtCode, registry.children(districtCode, to)[0].code]) {
        const { body } = await get(`/v1/reports/dossiers?unit=${unit}&from=${from}&to=${to}`);
        const report = body as {
          resolved: { late: number };
          pending: { overdue: number };
          scoring: { lateWithoutApology: number };
        };
        const window = `unit=${unit}&from=${from}&to=${to}&pageSize=500`;
        expect((await costs(`${window}&kind=late`)).total).toBe(report.resolved.late);
        expect((await costs(`${window}&kind=lateWithoutApology`)).total).toBe(report.scoring.lateWithoutApology);
        expect((await costs(`${window}&kind=overdue`)).total).toBe(report.pending.overdue);
      }
    });

    it('pages through a stable order without losing or repeating a dossier', async () => {
      const query = `unit=${PROVINCE}&from=2024-01-01&to=2024-12-31&kind=late`;
      const all = await costs(`${query}&pageSize=500`);
      expect(all.total).toBeGreaterThan(10);
      const pages: Costs['dossiers'] = [];
      for (let page = 1; page <= Math.ceil(all.total / 7); page++)
        pages.push(...(await costs(`${query}&page=${page}&pageSize=7`)).dossiers);
      expect(pages).toEqual(all.dossiers);
      const finished = all.dossiers.map((d) => d.finishedOn as string);
      expect(finished).toEqual([...finished].sort());
      expect((await costs(`${query}&page=${Math.ceil(all.total / 7) + 1}&pageSize=7`)).dossiers).toEqual([]);
    });

    it.each([
      ['no kind', `unit=${PROVINCE}&${MARCH}`, 'kind'],
      ['an unknown kind', `unit=${PROVINCE}&${MARCH}&kind=soon`, 'kind'],
      ['page 0', `unit=${PROVINCE}&${MARCH}&kind=late&page=0`, 'page'],
      ['a page that is no number', `unit=${PROVINCE}&${MARCH}&kind=late&page=two`, 'page'],
      ['a page too large', `unit=${PROVINCE}&${MARCH}&kind=late&pageSize=501`, 'pageSize'],
      ['from after to', `unit=${PROVINCE}&from=2024-03-02&to=2024-03-01&kind=late`, 'from'],
      ['an unknown unit', `unit=99999&${MARCH}&kind=late`, 'unit'],
    ])('answers 400 naming the parameter for %s', async (_name, query, parameter) => {
      const { status, body } = await get(`/v1/reports/dossiers/costs?${query}`);
      expect(status).toBe(400);
      expect(String(body['message'])).toMatch(new RegExp(`\\b${parameter}\\b`));
    });

    it('needs the read role and keeps a key to its subtree', async () => {
      expect((await get(`/v1/reports/dossiers/costs?unit=${district}&${MARCH}&kind=late`, '')).status).toBe(401);
      const writeOnly = await createApiKey(suite.database, [STORY_PROVINCE], ['write']);
      expect((await get(`/v1/reports/dossiers/costs?unit=${district}&${MARCH}&kind=late`, writeOnly)).status).toBe(403);
      const communeKey = await createApiKey(suite.database, [commune]);
      expect((await get(`/v1/reports/dossiers/costs?unit=${district}&${MARCH}&kind=late`, communeKey)).status).toBe(
        403,
      );
      expect((await get(`/v1/reports/dossiers/costs?unit=${commune}&${MARCH}&kind=late`, communeKey)).status).toBe(200);
    });
  });

  describe('GET /v1/reports/anomalies', () => {
    it('counts the anomalous dossiers per code and unit, and lists them', async () => {
      const { status, body } = await get(`/v1/reports/anomalies?unit=${district}&${MARCH}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ unit: { code: district }, total: 3, page: 1, pageSize: 50, identityViolations: [] });
      expect((body['byCode'] as { code: string; dossiers: number }[]).map((c) => [c.code, c.dossiers])).toEqual([
        ['clockSkew', 1],
        ['conflictingReceipt', 1],
        ['missingReceipt', 1],
        ['resolvedWithoutReceipt', 1],
      ]);
      expect(body['byUnit']).toEqual([
        {
          unit: { code: commune, name: registry.get(commune, '2024-03-31')?.name, level: 'commune' },
          dossiers: 3,
          byCode: { clockSkew: 1, conflictingReceipt: 1, missingReceipt: 1, resolvedWithoutReceipt: 1 },
        },
      ]);
      const dossiers = body['dossiers'] as {
        dossierId: string;
        counted: boolean;
        anomalies: string[];
        receivedOn: string;
        finishedOn: string | null;
      }[];
      expect(dossiers.map((d) => [d.dossierId, d.counted, d.anomalies, d.receivedOn, d.finishedOn])).toEqual([
        ['NOTE-H', true, ['conflictingReceipt'], '2024-03-03', '2024-03-20'],
        ['NOTE-I', false, ['missingReceipt', 'resolvedWithoutReceipt'], '2024-03-08', null],
        // J's supplement request is dated the day before its receipt but sequenced after it: the source's
        // order wins (issue 14), the request is taken at the receipt's time and the skew is flagged.
        ['NOTE-J', true, ['clockSkew'], '2024-03-12', null],
      ]);
      const second = await get(`/v1/reports/anomalies?unit=${district}&${MARCH}&page=2&pageSize=2`);
      expect((second.body['dossiers'] as { dossierId: string }[]).map((d) => d.dossierId)).toEqual(['NOTE-J']);
      // February's form holds none of them (all received in March).
      expect((await get(`/v1/reports/anomalies?unit=${district}&from=2024-02-01&to=2024-02-29`)).body['total']).toBe(0);
      // April's form carries J over (still open); H finished in March; I, never received, belongs to the days of its events.
      const april = (await get(`/v1/reports/anomalies?unit=${district}&from=2024-04-01&to=2024-04-30`)).body;
      expect((april['dossiers'] as { dossierId: string }[]).map((d) => d.dossierId)).toEqual(['NOTE-J']);
    });

    it('checks the form of every unit of a subtree and finds no broken identity', async () => {
      for (const [from, to] of [
        ['2024-01-01', '2024-12-31'],
        ['2024-01-19', '2024-02-19'],
      ]) {
        const { status, body } = await get(`/v1/reports/anomalies?unit=${PROVINCE}&from=${from}&to=${to}`);
        expect(status).toBe(200);
        const units =
          1 + registry.children(PROVINCE, to).reduce((n, d) => n + 1 + registry.children(d.code, to).length, 0);
        expect(body['unitsChecked']).toBe(units);
        expect(body['identityViolations']).toEqual([]);
      }
    });

    it('answers 400 naming the parameter, and keeps a key to its subtree', async () => {
      const bad = await get(`/v1/reports/anomalies?unit=${district}&from=2024-03-01&to=2024-02-01`);
      expect(bad.status).toBe(400);
      expect(String(bad.body['message'])).toMatch(/\bfrom\b/);
      const size = await get(`/v1/reports/anomalies?unit=${district}&${MARCH}&pageSize=0`);
      expect(size.status).toBe(400);
      expect(String(size.body['message'])).toMatch(/\bpageSize\b/);
      const communeKey = await createApiKey(suite.database, [commune]);
      expect((await get(`/v1/reports/anomalies?unit=${district}&${MARCH}`, communeKey)).status).toBe(403);
    });
  });

  // Last: it replaces the app. Notes are not checkpointed as such; a new owner rebuilds them from the
  // dossier state it restores and republishes them with the counters.
  it('rebuilds the notes from the checkpointed state after a restart on an empty counters topic, replaying no event', async () => {
    const overdue = `unit=${PROVINCE}&from=2024-01-01&to=2024-12-31&kind=overdue&pageSize=500`;
    const before = await costs(overdue);
    const anomalies = (await get(`/v1/reports/anomalies?unit=${district}&${MARCH}`)).body;
    expect(before.total).toBeGreaterThan(0);
    await app.close();
    const admin = createKafka(testServers().kafkaBrokers, 'notes-test-admin').admin();
    await admin.connect();
    try {
      const countersTopic = suite.prefix + TOPICS.reportCounters.name;
      await admin.deleteTopics({ topics: [countersTopic] });
      await expectEventually(async () => expect(await admin.listTopics()).not.toContain(countersTopic), {
        timeoutMs: 30_000,
      });
    } finally {
      await admin.disconnect();
    }
    await startApp();
    await expectEventually(
      async () => {
        expect(await costs(overdue)).toEqual(before);
        expect((await get(`/v1/reports/anomalies?unit=${district}&${MARCH}`)).body).toEqual(anomalies);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const { body } = await get('/health');
    expect((body['details'] as { consumption: { records: number } }).consumption.records).toBe(0);
  });
});

/**
 * March 2024 in one commune (and one dossier at its district's own desk). Late in March: B (apology,
 * 03-12), A (03-15). Overdue at 03-31: C (since 02-29), D (district desk, since 03-21), G (since 03-26;
 * resolved late on 04-05). Not overdue: E (due 04-10; overdue in April), F (waiting for a supplement).
 * Anomalies: H (a second, different receipt), I (resolved without receipt), J (an event before its receipt).
 */
function stories(commune: string, district: string): DossierEventV1[] {
  const book = new StoryBook('NOTE', 'notes-source');
  book.receive('A', { unit: commune, on: '2024-03-01', due: '2024-03-10', channel: 'direct' }).resolved('2024-03-15');
  book
    .receive('B', { unit: commune, on: '2024-03-01', due: '2024-03-10', channel: 'online' })
    .add('ApologyIssued', '2024-03-09')
    .resolved('2024-03-12');
  book.receive('C', { unit: commune, on: '2024-02-20', due: '2024-02-28', channel: 'direct' });
  book.receive('D', { unit: district, on: '2024-03-05', due: '2024-03-20', channel: 'direct' });
  book.receive('E', { unit: commune, on: '2024-03-10', due: '2024-04-10', channel: 'online' });
  book
    .receive('F', { unit: commune, on: '2024-03-02', due: '2024-03-05', channel: 'direct' })
    .add('SupplementRequested', '2024-03-04');
  book.receive('G', { unit: commune, on: '2024-03-01', due: '2024-03-25', channel: 'postal' }).resolved('2024-04-05');
  book
    .receive('H', { unit: commune, on: '2024-03-03', due: '2024-03-30', channel: 'direct' })
    .add('DossierReceived', '2024-03-04', {
      channel: 'online',
      procedureCode: 'TT-2',
      fieldCode: 'LV01',
      dueAt: '2024-03-30T17:00:00+07:00',
    })
    .resolved('2024-03-20');
  const j = book.receive('J', { unit: commune, on: '2024-03-12', due: '2024-04-30', channel: 'direct' });
  j.add('SupplementRequested', '2024-03-11');
  const withoutReceipt = new Story('NOTE-I', commune).resolved('2024-03-08');
  return [...book.events, ...withoutReceipt.events];
}
