import { TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { createKafka } from '@dossier-ledger/platform';
import {
  ServiceProcess,
  expectEventually,
  processSuite,
  startIntakeAndAggregator,
  testServers,
} from '@dossier-ledger/testing';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { rmSync } from 'node:fs';
import {
  ScoreUpdatedReader,
  communeDossiers,
  createKey,
  dropDatabase,
  ruleSetDirWith766v2,
} from '../testing/scoring-test-support';

// The whole scoring path (docs/scoring-service.md), with the real services as processes (from their sources) on the real
// Kafka and FerretDB: POST /v1/events (intake) → dossier.events.v1 → aggregator → report.updated.v1
// → scoring recomputes, stores and publishes score.updated.v1; GET /v1/rankings reads the aggregator.
// Then scoring restarts with a 766 v2 and the scores published with v1 stay reproducible.
const registry = loadDefaultUnitRegistry();
const PROVINCE = '42';
const DISTRICT = registry.children(PROVINCE, '2024-02-29')[0].code;
const [C1, C2, C3, C4] = registry.children(DISTRICT, '2024-02-29').map((unit) => unit.code);
const Q1 = { from: '2024-01-01', to: '2024-03-31' };
const YEAR = { from: '2024-01-01', to: '2024-12-31' };

describe('scores through intake, aggregator and the report.updated consumer', () => {
  const suite = processSuite('scoring-it');
  const { prefix, database, variables: common } = suite;
  const { kafkaBrokers } = testServers();
  let intake: ServiceProcess | undefined;
  let aggregator: ServiceProcess | undefined;
  let scoring: ServiceProcess | undefined;
  let key: string;
  let serviceKey: string;
  const reader = new ScoreUpdatedReader(prefix + TOPICS.scoreUpdated.name);
  const ruleSetDir = ruleSetDirWith766v2();

  const startScoring = (extra: Record<string, string> = {}) =>
    ServiceProcess.start({
      name: 'scoring',
      main: 'apps/scoring/src/main.ts',
      variables: {
        ...common,
        KAFKA_GROUP_ID: `${prefix}scoring`,
        REPORT_API_URL: aggregator?.baseUrl ?? '',
        REPORT_API_KEY: serviceKey,
        SCORE_UPDATE_LINGER_MS: '300',
        ...extra,
      },
    });

  const get = async (service: ServiceProcess | undefined, path: string) => {
    const response = await fetch(`${service?.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const post = async (events: readonly DossierEventV1[]) => {
    const response = await fetch(`${intake?.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    expect(response.status).toBe(202);
  };

  beforeAll(async () => {
    key = await createKey(database, [PROVINCE], ['write', 'read']);
    serviceKey = await createKey(database, [PROVINCE], ['read']);
    [intake, aggregator] = await startIntakeAndAggregator(suite);
    scoring = await startScoring();
    await reader.start();
  }, 300_000);

  afterAll(async () => {
    await reader.stop();
    await Promise.all([scoring?.stop(), aggregator?.stop(), intake?.stop()]);
    await dropDatabase(database);
    rmSync(ruleSetDir, { recursive: true, force: true });
  }, 60_000);

  it('ranks the communes of a district from the events posted, and publishes their scores', async () => {
    // 10 dossiers each in February 2024; late ones: C1 none, C2 one, C3 three, C4 one (ties C2).
    await post([
      ...communeDossiers(C1, '2024-02-05', { count: 10, online: 6, late: 0 }),
      ...communeDossiers(C2, '2024-02-05', { count: 10, online: 6, late: 1 }),
      ...communeDossiers(C3, '2024-02-05', { count: 10, online: 6, late: 3 }),
      ...communeDossiers(C4, '2024-02-05', { count: 10, online: 6, late: 1 }),
    ]);
    // par-dak-nong: on-time 100 % → 4, 90 % → 3, 70 % → 0; apology 2 only without late dossiers.
    const expected = { [C1]: 6, [C2]: 3, [C4]: 3, [C3]: 0 };
    const ranking = await expectEventually(
      async () => {
        const { status, body } = await get(
          scoring,
          `/v1/rankings?parent=${DISTRICT}&from=${Q1.from}&to=${Q1.to}&ruleSet=par-dak-nong`,
        );
        expect(status).toBe(200);
        const ranks = body['ranks'] as {
          unitCode: string;
          rank: number;
          total: number;
          tied: boolean;
          scoreId: string;
        }[];
        expect(
          Object.fromEntries(ranks.filter((r) => r.unitCode in expected).map((r) => [r.unitCode, r.total])),
        ).toEqual(expected);
        return ranks;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    // The district's other communes have no dossier: 2 points (no late dossier to apologise for), below C2 and C4.
    const rankOf = (code: string) => ranking.find((r) => r.unitCode === code);
    expect(ranking).toHaveLength(registry.children(DISTRICT, Q1.to).length);
    expect([C1, C2, C4, C3].map((code) => [rankOf(code)?.rank, rankOf(code)?.tied])).toEqual([
      [1, false],
      [2, true],
      [2, true],
      [ranking.length, false],
    ]);

    // The consumer published month, quarter and year scores of the communes, their district and province, for each rule set.
    await expectEventually(
      () => {
        for (const code of [C1, C2, C3, C4])
          expect(reader.last(`par-dak-nong@1:${code}:${Q1.from}:${Q1.to}`)?.score).toBe(expected[code]);
        for (const unit of [C1, DISTRICT, PROVINCE]) {
          for (const window of ['2024-02-01:2024-02-29', '2024-01-01:2024-03-31', '2024-01-01:2024-12-31']) {
            for (const ruleSet of ['766@1', 'par-dak-nong@1', 'par-qn@1'])
              expect(reader.last(`${ruleSet}:${unit}:${window}`)).toBeDefined();
          }
        }
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(reader.last(`766@1:${C1}:${YEAR.from}:${YEAR.to}`)).toMatchObject({
      ruleSet: '766',
      ruleSetVersion: '1',
      maxScore: 100,
    });

    // A published score is stored under its id and computes again to the same score.
    const published = reader.last(`par-dak-nong@1:${C3}:${Q1.from}:${Q1.to}`);
    const { body: stored } = await get(scoring, `/v1/scores/stored?id=${encodeURIComponent(published?.scoreId ?? '')}`);
    expect(stored).toMatchObject({
      reproducible: true,
      stored: { total: 0, ruleSetRef: 'par-dak-nong@1' },
      reproduced: { total: 0 },
    });
  });

  it('explains an indicator with the dossiers that cost its points, paginated', async () => {
    const { status, body } = await get(
      scoring,
      `/v1/scores/explain?unit=${C3}&from=${Q1.from}&to=${Q1.to}&ruleSet=par-dak-nong&indicator=on-time&pageSize=2`,
    );
    expect(status).toBe(200);
    const [explanation] = body['explanations'] as {
      costs: { kind: string; total: number; pageSize: number; dossiers: { dossierId: string }[] }[];
    }[];
    expect(explanation.costs.map((c) => [c.kind, c.total, c.pageSize, c.dossiers.length])).toEqual([['late', 3, 2, 2]]);
    expect(explanation.costs[0].dossiers.every((d) => d.dossierId.startsWith(`SC-${C3}-`))).toBe(true);
  });

  it('reads each report.updated once (an unresolved batch would be fetched again without end)', async () => {
    const admin = createKafka(kafkaBrokers, 'scoring-it-admin').admin();
    await admin.connect();
    try {
      const topic = prefix + TOPICS.reportUpdated.name;
      await expectEventually(
        async () => {
          const records = (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
          const { body } = await get(scoring, '/health');
          const counts = (body['details'] as { scoreUpdates: { notifications: number; pending: number } }).scoreUpdates;
          expect(records).toBeGreaterThan(0);
          expect(counts).toEqual(expect.objectContaining({ notifications: records, pending: 0 }));
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('after a 766 v2 takes effect, scores published with v1 stay reproducible', async () => {
    const before = await expectEventually(
      () => reader.last(`766@1:${C2}:${YEAR.from}:${YEAR.to}`) ?? Promise.reject(new Error('not published')),
      { timeoutMs: 30_000 },
    );
    await scoring?.stop();
    scoring = await startScoring({ RULE_SETS_DIR: ruleSetDir });
    // New dossiers of C1 in October: the year 2024 is now scored with 766@2 (in effect on 2024-12-31).
    await post(communeDossiers(C1, '2024-10-07', { count: 10, online: 0, late: 0 }));
    await expectEventually(
      () => expect(reader.last(`766@2:${C1}:${YEAR.from}:${YEAR.to}`)).toMatchObject({ ruleSetVersion: '2' }),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    // The v1 score stays stored and computes again to what was published.
    const { body: stored } = await get(scoring, `/v1/scores/stored?id=${encodeURIComponent(before.scoreId)}`);
    expect(stored).toMatchObject({ reproducible: true, stored: { total: before.score, ruleSetRef: '766@1' } });
    // C2's figures did not change: asking for 766@1 gives the published score again, the default is now v2.
    const v1 = await get(scoring, `/v1/scores?unit=${C2}&from=${YEAR.from}&to=${YEAR.to}&ruleSet=766@1`);
    // The same inputs: the very score id that was published.
    expect(v1.body).toMatchObject({ scoreId: before.scoreId, score: { total: before.score } });
    const v2 = await get(scoring, `/v1/scores?unit=${C2}&from=${YEAR.from}&to=${YEAR.to}`);
    const points = (body: Record<string, unknown>) =>
      (body['score'] as { indicators: { indicatorId: string; points: number }[] }).indicators.find(
        (i) => i.indicatorId === 'online-dossiers',
      )?.points;
    expect([(v2.body['score'] as { ruleSetRef: string }).ruleSetRef, points(v1.body), points(v2.body)]).toEqual([
      '766@2',
      6,
      3,
    ]);
  });
});
