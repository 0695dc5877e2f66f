import type { INestApplication } from '@nestjs/common';
import { loadEnv } from '@dossier-ledger/platform';
import type { AddressInfo } from 'node:net';
import { createScoringApp } from '../app/create-scoring-app';
import { ScoringEnv } from '../config/scoring.env';
// Shared by the scoring integration tests: keys, the dossier events of a commune, a reader of
// score.updated.v1, and a rule-set directory with a second 766 version. Not part of the service build.
import type { DossierEventV1, ScoreUpdatedV1 } from '@dossier-ledger/contracts';
import { createKafka } from '@dossier-ledger/platform';
import { BUNDLED_RULE_SET_DATA } from '@dossier-ledger/scoring-rules';
import { testDatabaseUri, testServers, uniqueName } from '@dossier-ledger/testing';
import type { Consumer } from 'kafkajs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { dropTestDatabase as dropDatabase } from '@dossier-ledger/testing';
export { createTestApiKey as createKey } from '@dossier-ledger/platform/testing';

/**
 * `count` dossiers of `unitCode` received on `day` (due 10 days later), the first `online` of them
 * online; each resolved 7 days after receipt, except the last `late`, resolved 15 days after (late,
 * no apology).
 */
export function communeDossiers(
  unitCode: string,
  day: string,
  plan: { count: number; online: number; late: number },
): DossierEventV1[] {
  const at = (offsetDays: number, time: string) => {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + offsetDays);
    return `${date.toISOString().slice(0, 10)}T${time}+07:00`;
  };
  return Array.from({ length: plan.count }, (_, i): DossierEventV1[] => {
    const dossierId = `SC-${unitCode}-${day}-${i}`;
    return [
      {
        eventId: `${dossierId}-r`,
        dossierId,
        type: 'DossierReceived',
        occurredAt: at(0, '08:30:00'),
        unitCode,
        channel: i < plan.online ? 'online' : 'direct',
        procedureCode: '1.001193',
        fieldCode: 'HT',
        dueAt: at(10, '17:00:00'),
      },
      {
        eventId: `${dossierId}-f`,
        dossierId,
        type: 'DossierResolved',
        occurredAt: at(i >= plan.count - plan.late ? 15 : 7, '10:00:00'),
        unitCode,
      },
    ];
  }).flat();
}

/** Collects every score.updated.v1 record of the suite's topic from the beginning, while running. */
export class ScoreUpdatedReader {
  readonly updates: ScoreUpdatedV1[] = [];
  private consumer?: Consumer;

  constructor(private readonly topic: string) {}

  async start(): Promise<void> {
    const kafka = createKafka(testServers().kafkaBrokers, 'scoring-test-reader');
    this.consumer = kafka.consumer({
      groupId: uniqueName('score-reader'),
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const update = JSON.parse(message.value?.toString() ?? '{}') as ScoreUpdatedV1;
        expect(message.key?.toString()).toBe(`${update.ruleSet}|${update.unitCode}`);
        this.updates.push(update);
      },
    });
  }

  /** The last update published for a rule set version, unit and window (`766@1:001:2024-01-01:2024-03-31`). */
  last(score: string): ScoreUpdatedV1 | undefined {
    return this.updates.filter((update) => update.scoreId.startsWith(`${score}:`)).at(-1);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/**
 * A RULE_SETS_DIR with 766@1 closed on 2024-06-30 and a 766@2 from 2024-07-01 that asks for 99 %
 * of online dossiers (instead of 50 %) for the full 6 points of `online-dossiers`.
 */
export function ruleSetDirWith766v2(): string {
  const v1 = BUNDLED_RULE_SET_DATA.find((data) => (data as { id: string }).id === '766') as {
    indicators: { id: string; formula: object }[];
  };
  const v2 = {
    ...v1,
    version: 2,
    effectiveFrom: '2024-07-01',
    effectiveTo: null,
    indicators: v1.indicators.map((indicator) =>
      indicator.id === 'online-dossiers'
        ? {
            ...indicator,
            formula: {
              ...indicator.formula,
              thresholds: [
                { atLeast: 0.99, points: 6 },
                { atLeast: 0, points: 3 },
              ],
            },
          }
        : indicator,
    ),
  };
  const dir = mkdtempSync(join(tmpdir(), 'rule-sets-'));
  writeFileSync(join(dir, '766.v1.json'), JSON.stringify({ ...v1, effectiveTo: '2024-06-30' }));
  writeFileSync(join(dir, '766.v2.json'), JSON.stringify(v2));
  return dir;
}

/**
 * An in-process scoring app on its own database whose report API is unreachable: for checks that
 * must be answered before the figures are fetched (guards, parameter validation).
 */
export async function startScoringWithoutReportApi(
  database: string,
  extra: Record<string, string> = {},
): Promise<{ app: INestApplication; baseUrl: string }> {
  const env = loadEnv(ScoringEnv, {
    KAFKA_BROKERS: testServers().kafkaBrokers,
    MONGODB_URI: testDatabaseUri(database),
    REPORT_API_URL: 'http://127.0.0.1:9', // nothing listens there
    LOG_LEVEL: 'warn',
    ...extra,
  });
  const app = await createScoringApp(env);
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}
