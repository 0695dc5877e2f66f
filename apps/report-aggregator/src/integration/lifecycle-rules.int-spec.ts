import type { INestApplication } from '@nestjs/common';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { expectEventually, type ServiceProcess } from '@dossier-ledger/testing';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import {
  createApiKey,
  dropDatabase,
  figuresOf,
  getJson,
  newSuite,
  oracleReport,
  registry,
  suiteEnv,
  startSuiteIntake,
} from '../testing/aggregator-test-support';

// Issue 14, items 1–5, end to end: POST /v1/events on the intake service (its own process) → the events
// topic → the aggregator → GET /v1/reports/…. Each dossier is one rule a civil servant signs under.
const OLD_LAM_DONG = '68';
const DAK_NONG = '67';
const TODAY_HIERARCHY = '2025-07-01';
const OLD = '2024-03-31';
const DISTRICT = registry.children(OLD_LAM_DONG, OLD)[0].code;
const COMMUNE = registry.children(DISTRICT, OLD)[0].code;
const DAK_NONG_COMMUNE = registry.children(registry.children(DAK_NONG, OLD)[0].code, OLD)[0].code;
const MARCH = 'from=2024-03-01&to=2024-03-31';

interface Step {
  readonly type: DossierEventV1['type'];
  readonly at: string;
  readonly seq?: number;
  readonly extra?: Record<string, unknown>;
}

const receipt = (at: string, due: string | null, extra: Record<string, unknown> = {}): Step => ({
  type: 'DossierReceived',
  at,
  extra: {
    channel: 'online',
    procedureCode: '1.001193',
    fieldCode: 'HT',
    dueAt: due === null ? null : `${due}T17:00:00+07:00`,
    ...extra,
  },
});

function dossier(id: string, unitCode: string, steps: readonly Step[]): DossierEventV1[] {
  return steps.map(
    (step, i) =>
      ({
        eventId: `${id}#${i}`,
        dossierId: id,
        type: step.type,
        occurredAt: `${step.at}+07:00`,
        unitCode,
        ...(step.seq === undefined ? {} : { seq: step.seq }),
        ...step.extra,
      }) as DossierEventV1,
  );
}

const EVENTS: DossierEventV1[] = [
  // 1. Received Mon 04/03, due Fri 08/03; supplement asked 05/03, received 12/03 without a new date;
  //    resolved 13/03: early (the due date moved by 5 working days to 15/03), in time on 12/03.
  ...dossier('LC-WAIT', COMMUNE, [
    receipt('2024-03-04T08:00:00', '2024-03-08'),
    { type: 'SupplementRequested', at: '2024-03-05T09:00:00' },
    { type: 'SupplementReceived', at: '2024-03-12T09:00:00' },
    { type: 'DossierResolved', at: '2024-03-13T10:00:00' },
  ]),
  // 2. The resolution is stamped a minute before the receipt (clock skew); the source's seq orders them.
  ...dossier('LC-SKEW', COMMUNE, [
    { ...receipt('2024-03-04T10:00:00', '2024-03-08'), seq: 1 },
    { type: 'DossierResolved', at: '2024-03-04T09:59:00', seq: 2 },
  ]),
  // 3. Paid online while submitting, the evening before the receipt.
  ...dossier('LC-PAID', COMMUNE, [
    { type: 'PaymentCompleted', at: '2024-03-03T20:00:00', extra: { online: true } },
    receipt('2024-03-04T08:00:00', '2024-03-08', { feeBearing: true }),
    { type: 'DossierResolved', at: '2024-03-06T10:00:00' },
  ]),
  // 4. Refused on 11/03 after being received on 04/03: returned from 11/03, received and pending before.
  ...dossier('LC-REFUSED', COMMUNE, [
    receipt('2024-03-04T08:00:00', '2024-03-20'),
    { type: 'DossierRejected', at: '2024-03-11T08:00:00' },
  ]),
  // 5. A dossier of Đắk Nông, which merged into Lâm Đồng on 01/07/2025.
  ...dossier('LC-DAKNONG', DAK_NONG_COMMUNE, [
    receipt('2024-03-05T08:00:00', '2024-03-15'),
    { type: 'DossierResolved', at: '2024-03-14T10:00:00' },
  ]),
];

describe('issue 14: figures a civil servant can sign, through intake and the report API', () => {
  const suite = newSuite('agg-issue14');
  let intake: ServiceProcess | undefined;
  let intakeUrl: string;
  let app: INestApplication;
  let baseUrl: string;
  let key: string;

  const get = (path: string) => getJson(baseUrl, path, key);

  beforeAll(async () => {
    key = await createApiKey(suite.database, [OLD_LAM_DONG, DAK_NONG], ['write', 'read']);
    app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    intake = await startSuiteIntake(suite);
    intakeUrl = intake.baseUrl;
    const response = await fetch(`${intakeUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(EVENTS),
    });
    expect(response.status).toBe(202);
    // Every dossier has arrived once the province's March figures count all five.
    await expectEventually(
      async () => {
        const { body } = await get(`/v1/reports/dossiers?unit=${OLD_LAM_DONG}&${MARCH}&hierarchyAt=${TODAY_HIERARCHY}`);
        expect((body['received'] as { total: number }).total).toBe(5);
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  }, 240_000);

  afterAll(async () => {
    await intake?.stop();
    await app?.close();
    await dropDatabase(suite.database);
  });

  it('counts March in the old Lâm Đồng commune as the pure oracle does', async () => {
    const { status, body } = await get(`/v1/reports/dossiers?unit=${COMMUNE}&${MARCH}`);
    expect(status).toBe(200);
    expect(figuresOf(body)).toEqual(
      figuresOf(oracleReport(EVENTS, { unit: COMMUNE, from: '2024-03-01', to: '2024-03-31' })),
    );
    expect(body).toMatchObject({
      received: { total: 4, inPeriod: { online: 4 } },
      // WAIT early (moved to 15/03), SKEW on time (resolved the day it was received, due 08/03 → early),
      // PAID early: three resolved, none late; REFUSED returned.
      resolved: { total: 3, late: 0 },
      returned: 1,
      pending: { total: 0 },
      rates: { late: 0 },
    });
  });

  it('item 1: waiting for the applicant moves the appointment; in time on the day the supplement arrives', async () => {
    const onThe12th = await get(`/v1/reports/dossiers?unit=${COMMUNE}&from=2024-03-01&to=2024-03-12`);
    // WAIT is pending in time (due 15/03 from the 12th), REFUSED was returned on the 11th.
    expect(onThe12th.body).toMatchObject({ pending: { total: 1, inTime: 1, overdue: 0 }, returned: 1 });
    const costs = await get(`/v1/reports/dossiers/costs?unit=${COMMUNE}&${MARCH}&kind=late`);
    expect(costs.body['total']).toBe(0);
  });

  it('items 2 and 4: the skewed resolution counts, the late refusal is returned; both are flagged', async () => {
    const { status, body } = await get(`/v1/reports/anomalies?unit=${COMMUNE}&${MARCH}`);
    expect(status).toBe(200);
    const dossiers = body['dossiers'] as { dossierId: string; anomalies: string[]; finishKind: string | null }[];
    expect(dossiers.find((d) => d.dossierId === 'LC-SKEW')).toMatchObject({
      anomalies: ['clockSkew'],
      finishKind: 'resolved',
    });
    expect(dossiers.find((d) => d.dossierId === 'LC-REFUSED')).toMatchObject({
      anomalies: ['rejectedAfterReceipt'],
      finishKind: 'returned',
    });
    // The online payment at submission is no anomaly.
    expect(dossiers.map((d) => d.dossierId)).not.toContain('LC-PAID');
  });

  it('item 3: an online payment at submission counts among fee-bearing dossiers paid online', async () => {
    const { body } = await get(`/v1/reports/dossiers?unit=${COMMUNE}&${MARCH}`);
    expect((body['scoring'] as { paidOnline: unknown }).paidOnline).toEqual({ count: 1, of: 1, rate: 1 });
  });

  it('item 4: a window before the refusal still shows the dossier received and pending', async () => {
    const { body } = await get(`/v1/reports/dossiers?unit=${COMMUNE}&from=2024-03-04&to=2024-03-08`);
    expect(body).toMatchObject({ received: { total: 4 }, returned: 0, pending: { total: 2, inTime: 2 } });
  });

  it('item 5: the old window under the old units, or under today’s with hierarchyAt', async () => {
    const old = await get(`/v1/reports/dossiers?unit=${OLD_LAM_DONG}&${MARCH}`);
    expect(old.body).toMatchObject({ hierarchy: registry.eraOn(OLD)?.id, received: { total: 4 } });
    const today = await get(
      `/v1/reports/dossiers?unit=${OLD_LAM_DONG}&${MARCH}&hierarchyAt=${TODAY_HIERARCHY}&by=child`,
    );
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({
      hierarchy: registry.eraOn(TODAY_HIERARCHY)?.id,
      unit: { code: OLD_LAM_DONG, level: 'province' },
      received: { total: 5 },
      resolved: { total: 4 },
    });
    // by=child: today's communes; Đắk Nông's dossier sits under its successor commune.
    const rows = today.body['rows'] as { key: string; received: { total: number } }[];
    expect(rows).toHaveLength(registry.children(OLD_LAM_DONG, TODAY_HIERARCHY).length);
    const successor = registry.resolveForReport(DAK_NONG_COMMUNE, TODAY_HIERARCHY).unit.code;
    expect(rows.find((row) => row.key === successor)?.received.total).toBe(1);
    expect(rows.every((row) => registry.get(row.key, TODAY_HIERARCHY)?.level === 'commune')).toBe(true);
  });

  it('item 5: a unit absent from the chosen hierarchy is a 400 naming its successor, on every endpoint', async () => {
    for (const path of [
      `/v1/reports/dossiers?unit=${DAK_NONG}&${MARCH}&hierarchyAt=${TODAY_HIERARCHY}`,
      `/v1/reports/dossiers.csv?unit=${DAK_NONG}&${MARCH}&hierarchyAt=${TODAY_HIERARCHY}`,
      `/v1/reports/anomalies?unit=${DAK_NONG}&${MARCH}&hierarchyAt=${TODAY_HIERARCHY}`,
      `/v1/reports/dossiers/costs?unit=${DAK_NONG}&${MARCH}&kind=late&hierarchyAt=${TODAY_HIERARCHY}`,
      `/v1/reports/stream?unit=${DAK_NONG}&hierarchyAt=${TODAY_HIERARCHY}`,
    ]) {
      const { status, body } = await get(path);
      expect([path, status]).toEqual([path, 400]);
      expect(body['message']).toContain(`unit ${DAK_NONG} does not exist in the hierarchy valid on ${TODAY_HIERARCHY}`);
      expect(body['message']).toContain(`its successor: ${OLD_LAM_DONG} `);
    }
    // An older hierarchy than the window's is refused, naming hierarchyAt.
    const older = await get(
      `/v1/reports/dossiers?unit=${OLD_LAM_DONG}&from=2025-08-01&to=2025-08-31&hierarchyAt=2024-01-01`,
    );
    expect(older.status).toBe(400);
    expect(older.body['message']).toMatch(/^hierarchyAt: /);
  });

  it('item 5: the exported form says which hierarchy it uses, and counts under it', async () => {
    const response = await fetch(
      `${baseUrl}/v1/reports/dossiers.csv?unit=${OLD_LAM_DONG}&${MARCH}&hierarchyAt=${TODAY_HIERARCHY}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain('Đơn vị hành chính theo danh mục có hiệu lực từ 01/07/2025, áp dụng ngày 01/07/2025');
    const anomalies = await get(`/v1/reports/anomalies?unit=${OLD_LAM_DONG}&${MARCH}&hierarchyAt=${TODAY_HIERARCHY}`);
    expect(anomalies.status).toBe(200);
    expect(anomalies.body['identityViolations']).toEqual([]);
  });
});
