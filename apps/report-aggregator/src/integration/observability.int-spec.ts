import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { buildApp, expectEventually, prometheusSample, ServiceProcess } from '@dossier-ledger/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interleaveByTime, realisticDossiers } from '@dossier-ledger/aggregation/testing';
import {
  createApiKey,
  dropDatabase,
  getJson,
  newSuite,
  registry,
  suiteVariables,
  startSuiteIntake,
} from '../testing/aggregator-test-support';

// Metrics and correlation ids across the real path: POST /v1/events on intake (from its sources)
// → Kafka header → the aggregator (built bundle) logging the ids of the batches it applies, and
// both services' GET /metrics moving with the traffic.
const PROVINCE = '58';

describe('metrics and correlation ids, intake → aggregator', () => {
  const suite = newSuite('agg-obs');
  const logFile = join(__dirname, '..', '..', '..', '..', '.local', 'logs', `${suite.prefix}aggregator.log`);
  const correlationId = `obs-${suite.database}`.slice(0, 100);
  const events: DossierEventV1[] = interleaveByTime(
    realisticDossiers({
      registry,
      seed: 58,
      dossiers: 40,
      province: PROVINCE,
      firstDay: '2024-01-01',
      days: 200,
      idPrefix: 'OBS',
    }),
  );
  let intake: ServiceProcess;
  let aggregator: ServiceProcess;
  let key: string;

  const scrape = async (baseUrl: string) => {
    const response = await fetch(`${baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${intake.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const aggregatorMain = buildApp('report-aggregator');
    key = await createApiKey(suite.database, [PROVINCE], ['write', 'read']);
    // Intake first: it creates the topics.
    intake = await startSuiteIntake(suite, { LOG_LEVEL: 'info' });
    aggregator = await ServiceProcess.start({
      name: 'aggregator',
      main: aggregatorMain,
      variables: suiteVariables(suite, { LOG_LEVEL: 'debug' }),
      logFile,
    });
  }, 300_000);

  afterAll(async () => {
    await aggregator?.stop();
    await intake?.stop();
    await dropDatabase(suite.database);
  });

  it('serves /metrics without a key on every service, with process memory, listed in OpenAPI as ops', async () => {
    for (const baseUrl of [intake.baseUrl, aggregator.baseUrl]) {
      expect(prometheusSample(await scrape(baseUrl), 'process_resident_memory_bytes')).toBeGreaterThan(0);
      const openApi = (await (await fetch(`${baseUrl}/docs-json`)).json()) as {
        paths: Record<string, { get?: { tags?: string[] } }>;
      };
      expect(openApi.paths['/metrics']?.get?.tags).toEqual(['ops']);
    }
  });

  it('follows a correlation id from the HTTP request to the batches the aggregator applies, and counts the events', async () => {
    const appliedBefore =
      prometheusSample(await scrape(aggregator.baseUrl), 'aggregator_records_total', { outcome: 'applied' }) ?? 0;
    const half = Math.floor(events.length / 2);

    const sent = await post(events.slice(0, half), { 'x-correlation-id': correlationId });
    expect(sent.status).toBe(202);
    expect(sent.headers.get('x-correlation-id')).toBe(correlationId);
    const generated = await post(events.slice(half));
    expect(generated.status).toBe(202);
    const generatedId = generated.headers.get('x-correlation-id') as string;
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await post([{ eventId: 'broken' }])).status).toBe(422);

    // Intake: its request log lines carry the id; its counters moved by what was decided.
    const requestLines = intake.log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) => JSON.parse(line) as { correlationId?: string; req?: { url?: string }; res?: { statusCode?: number } },
      );
    expect(requestLines).toContainEqual(
      expect.objectContaining({
        correlationId,
        req: expect.objectContaining({ url: '/v1/events' }),
        res: expect.objectContaining({ statusCode: 202 }),
      }),
    );
    const intakeMetrics = await scrape(intake.baseUrl);
    expect(prometheusSample(intakeMetrics, 'intake_events_accepted_total', { outcome: 'stored' })).toBe(events.length);
    expect(prometheusSample(intakeMetrics, 'intake_events_rejected_total', { reason: 'invalid' })).toBe(1);
    expect(
      prometheusSample(intakeMetrics, 'http_request_duration_seconds_count', {
        route: '/v1/events',
        method: 'POST',
        status_code: '202',
      }),
    ).toBe(2);

    // Aggregator: every event applied, and the debug line of the batches names both requests' ids.
    await expectEventually(
      async () => {
        const applied = prometheusSample(await scrape(aggregator.baseUrl), 'aggregator_records_total', {
          outcome: 'applied',
        });
        expect(applied).toBe(appliedBefore + events.length);
        const batchLines = readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes('correlation ids:'));
        expect(batchLines.some((line) => line.includes(correlationId))).toBe(true);
        expect(batchLines.some((line) => line.includes(generatedId))).toBe(true);
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    const lag = await scrape(aggregator.baseUrl);
    expect(prometheusSample(lag, 'aggregator_consumer_lag')).toBe(0);
  });

  it('times report requests by route in the aggregator', async () => {
    const before =
      prometheusSample(await scrape(aggregator.baseUrl), 'http_request_duration_seconds_count', {
        route: '/v1/reports/dossiers',
        method: 'GET',
        status_code: '200',
      }) ?? 0;
    const { status } = await getJson(
      aggregator.baseUrl,
      `/v1/reports/dossiers?unit=${PROVINCE}&from=2024-01-01&to=2024-12-31`,
      key,
    );
    expect(status).toBe(200);
    const after = prometheusSample(await scrape(aggregator.baseUrl), 'http_request_duration_seconds_count', {
      route: '/v1/reports/dossiers',
      method: 'GET',
      status_code: '200',
    });
    expect(after).toBe(before + 1);
  });

  it('stops both on SIGTERM with exit code 0', async () => {
    await intake.stop();
    expect((await intake.whenExited()).code).toBe(0);
    expect(await aggregator.stop(45_000)).toBe(true);
    expect((await aggregator.whenExited()).code).toBe(0);
  });
});
