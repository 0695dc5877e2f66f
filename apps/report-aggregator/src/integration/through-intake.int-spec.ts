import type { INestApplication } from '@nestjs/common';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { expectEventually, type ServiceProcess } from '@dossier-ledger/testing';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { interleaveByTime, realisticDossiers } from '@dossier-ledger/aggregation/testing';
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

// The whole report path (docs/architecture.md): POST /v1/events on the intake service (its own process, from its
// sources) → the events topic → the aggregator's projections → GET /v1/reports/dossiers.
const PROVINCE = '62';

describe('through the intake service', () => {
  const suite = newSuite('agg-intake');
  let intake: ServiceProcess | undefined;
  let intakeUrl: string;
  let app: INestApplication;
  let baseUrl: string;
  let key: string;
  const events: DossierEventV1[] = interleaveByTime(
    realisticDossiers({
      registry,
      seed: 62,
      dossiers: 300,
      province: PROVINCE,
      firstDay: '2024-01-01',
      days: 366,
      idPrefix: 'VIA',
    }),
  );

  const post = async (batch: readonly DossierEventV1[]) => {
    const response = await fetch(`${intakeUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { accepted: number; duplicates: number };
  };

  beforeAll(async () => {
    // One database for both services: the key is theirs in common.
    key = await createApiKey(suite.database, [PROVINCE], ['write', 'read']);
    app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    intake = await startSuiteIntake(suite);
    intakeUrl = intake.baseUrl;
  }, 180_000);

  afterAll(async () => {
    await intake?.stop();
    await app?.close();
    await dropDatabase(suite.database);
  });

  it('counts what was posted, exactly once, including what was posted twice', async () => {
    for (let i = 0; i < events.length; i += 1000) expect((await post(events.slice(i, i + 1000))).duplicates).toBe(0);
    // A client retry of a whole request: intake acknowledges the duplicates, no figure moves.
    expect(await post(events.slice(0, 500))).toEqual(expect.objectContaining({ accepted: 0, duplicates: 500 }));
    const district = registry.children(PROVINCE, '2024-12-31')[0].code;
    await expectEventually(
      async () => {
        for (const unit of [PROVINCE, district]) {
          for (const [from, to] of [
            ['2024-01-01', '2024-12-31'],
            ['2024-04-01', '2024-06-30'],
          ]) {
            const { status, body } = await getJson(
              baseUrl,
              `/v1/reports/dossiers?unit=${unit}&from=${from}&to=${to}`,
              key,
            );
            expect(status).toBe(200);
            expect(figuresOf(body)).toEqual(figuresOf(oracleReport(events, { unit, from, to })));
          }
        }
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  });
});
