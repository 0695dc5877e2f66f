import type { INestApplication } from '@nestjs/common';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { KafkaBatchServer } from '@dossier-ledger/platform';
import { expectEventually } from '@dossier-ledger/testing';
import type { Consumer } from 'kafkajs';
import type { AddressInfo } from 'node:net';
import { createAggregatorApp } from '../app/aggregator-app';
import { ProjectionRunner } from '@dossier-ledger/aggregation';
import { interleaveByTime, realisticDossiers, seededRandom } from '@dossier-ledger/aggregation/testing';
import {
  createApiKey,
  dropDatabase,
  EventWriter,
  expectOracleFigures,
  getJson,
  newSuite,
  registry,
  suiteEnv,
  suiteVariables,
  aggregatorHealth,
  useAggregatorProcesses,
  writeWhileApplying,
} from '../testing/aggregator-test-support';

// Redelivered batches, duplicate events and a kill -9 of the consumer mid-batch must not change any
// figure: after each trial the API must give exactly what the pure oracle computes over the
// distinct events written so far.
const TRIALS = 5;
/** Some events again: right after the original, later in the stream, and at the very end. */
function withDuplicates(stream: readonly DossierEventV1[], seed: number): DossierEventV1[] {
  const random = seededRandom(seed);
  const out: DossierEventV1[] = [];
  const later: DossierEventV1[] = [];
  for (const event of stream) {
    out.push(event);
    const roll = random();
    if (roll < 0.1) out.push(event);
    else if (roll < 0.2) later.push(event);
    if (later.length > 0 && random() < 0.05) out.push(later.shift() as DossierEventV1);
  }
  return [...out, ...later, ...stream.filter(() => random() < 0.05)];
}

describe('exactly-once effect', () => {
  describe('duplicate events', () => {
    const suite = newSuite('agg-dup');
    const writer = new EventWriter(suite.prefix);
    let app: INestApplication;
    let baseUrl: string;
    let key: string;

    beforeAll(async () => {
      await writer.start();
      key = await createApiKey(suite.database, ['06', '12', '35', '58', '62']);
      app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
      await app.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await app?.close();
      await writer.stop();
      await dropDatabase(suite.database);
    });

    it.each(['06', '12', '35', '58', '62'].map((province, trial) => [trial + 1, province]))(
      'trial %i: re-sent events change nothing (province %s)',
      async (trial, province) => {
        const stream = interleaveByTime(
          realisticDossiers({
            registry,
            seed: 100 + Number(trial),
            dossiers: 150,
            province: String(province),
            firstDay: '2024-01-01',
            days: 366,
            idPrefix: `DUP${trial}`,
          }),
        );
        const sent = withDuplicates(stream, Number(trial));
        expect(sent.length).toBeGreaterThan(stream.length * 1.2);
        await writer.write(sent);
        await expectOracleFigures(baseUrl, key, stream, String(province));
      },
    );
  });

  describe('redelivered batches', () => {
    const suite = newSuite('agg-redo');
    const writer = new EventWriter(suite.prefix);
    const province = '35';
    const events: DossierEventV1[] = [];
    let key: string;

    beforeAll(async () => {
      await writer.start();
      key = await createApiKey(suite.database, [province]);
    });

    afterAll(async () => {
      await writer.stop();
      await dropDatabase(suite.database);
    });

    it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1]))(
      'trial %i: with its group offsets reset, then every record delivered again to the live consumer, the figures stay',
      async (trial) => {
        const batch = interleaveByTime(
          realisticDossiers({
            registry,
            seed: 200 + Number(trial),
            dossiers: 120,
            province,
            firstDay: '2024-01-01',
            days: 366,
            idPrefix: `RDL${trial}`,
          }),
        );
        events.push(...batch);
        await writer.write(batch);
        // Committed offsets back to 0: a restart must not re-count what its checkpoints hold.
        await writer.resetGroupOffsets(`${suite.prefix}aggregator`);
        const app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
        try {
          await app.listen(0, '127.0.0.1');
          const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
          await expectOracleFigures(baseUrl, key, events, province);
          // Then the broker delivers every record again to the running consumer (a seek back to 0).
          const skipped = async () => {
            const { body } = await getJson(baseUrl, '/health');
            return (body['details'] as { consumption: { skipped: number } }).consumption.skipped;
          };
          const before = await skipped();
          const server = app.get(KafkaBatchServer);
          const consumer = server.unwrap<Consumer>();
          for (let partition = 0; partition < 8; partition++)
            consumer.seek({ topic: writer.topic, partition, offset: '0' });
          await expectEventually(async () => expect((await skipped()) - before).toBeGreaterThanOrEqual(events.length), {
            timeoutMs: 60_000,
          });
          await expectOracleFigures(baseUrl, key, events, province);
        } finally {
          await app.close();
        }
      },
    );

    it('applies a redelivered batch above the checkpoint as duplicates (no checkpoint, no commit, restart)', async () => {
      const extra = interleaveByTime(
        realisticDossiers({
          registry,
          seed: 299,
          dossiers: 80,
          province,
          firstDay: '2024-01-01',
          days: 366,
          idPrefix: 'RDLX',
        }),
      );
      // Checkpoints only at shutdown: the first run applies everything, then dies without checkpointing.
      const lazy = suiteEnv(suite, { CHECKPOINT_MAX_INTERVAL_MS: '3600000', CHECKPOINT_EVENTS_PER_WRITE: '10000' });
      const first = await createAggregatorApp(lazy, { shutdownHooks: false });
      await first.listen(0, '127.0.0.1');
      events.push(...extra);
      await writer.write(extra);
      await expectOracleFigures(
        `http://127.0.0.1:${(first.getHttpServer().address() as AddressInfo).port}`,
        key,
        events,
        province,
      );
      // Stop the consumer without its final checkpoint: its partitions are handed over unsaved.
      const runner = first.get(ProjectionRunner);
      jest.spyOn(runner, 'revoke').mockResolvedValue({ commit: [] });
      await first.close();
      const second = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
      try {
        await second.listen(0, '127.0.0.1');
        await expectOracleFigures(
          `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`,
          key,
          events,
          province,
        );
      } finally {
        await second.close();
      }
    });
  });

  describe('kill -9 of the consumer mid-batch (child process)', () => {
    const suite = newSuite('agg-kill');
    const writer = new EventWriter(suite.prefix);
    const province = '35';
    const events: DossierEventV1[] = [];
    const processes = useAggregatorProcesses(suite, writer, [province]);
    const launch = (variables: Record<string, string>) => processes.launch('aggregator', variables);

    it.each(Array.from({ length: TRIALS }, (_, i) => [i + 1]))(
      'trial %i: killed while applying (and archiving) a stream, restarted, the figures are those of the oracle',
      async (trial) => {
        const random = seededRandom(300 + Number(trial));
        const victim = await launch(
          suiteVariables(suite, {
            LOG_LEVEL: 'info',
            CHECKPOINT_MAX_INTERVAL_MS: String(200 + Math.floor(random() * 800)),
            CHECKPOINT_EVENTS_PER_WRITE: '5',
            // Small archive sweeps: ended dossiers leave memory all along the stream (a year of event time).
            ARCHIVE_MIN_DOSSIERS: '5',
          }),
        );
        const batch = interleaveByTime(
          realisticDossiers({
            registry,
            seed: 300 + Number(trial),
            dossiers: 700,
            province,
            firstDay: '2024-01-01',
            days: 366,
            idPrefix: `KILL${trial}`,
          }),
        );
        const { writing } = await writeWhileApplying(writer, victim, batch, events, 0.2 + 0.6 * random());
        await victim.kill();
        await writing;
        const successor = await launch(suiteVariables(suite, { LOG_LEVEL: 'info', ARCHIVE_MIN_DOSSIERS: '5' }));
        await expectOracleFigures(successor.baseUrl, processes.key(), events, province);
        // The successor restored partitions with archived dossiers (so the archive was part of the trial).
        expect((await aggregatorHealth(successor.baseUrl)).archived).toBeGreaterThan(0);
        expect(await successor.stop()).toBe(true);
      },
      180_000,
    );
  });

  describe('two replicas', () => {
    const suite = newSuite('agg-two');
    const writer = new EventWriter(suite.prefix);
    const province = '58';
    const events: DossierEventV1[] = [];
    const apps: INestApplication[] = [];
    let key: string;

    const start = async () => {
      const app = await createAggregatorApp(suiteEnv(suite), { shutdownHooks: false });
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    };
    const slice = (seed: number) =>
      interleaveByTime(
        realisticDossiers({
          registry,
          seed,
          dossiers: 150,
          province,
          firstDay: '2024-01-01',
          days: 366,
          idPrefix: `TWO${seed}`,
        }),
      );

    beforeAll(async () => {
      await writer.start();
      key = await createApiKey(suite.database, [province]);
    });

    afterAll(async () => {
      for (const app of apps) await app.close();
      await writer.stop();
      await dropDatabase(suite.database);
    });

    it('split the partitions, and each answers every report with the figures of all partitions', async () => {
      const a = await start();
      events.push(...slice(401));
      await writer.write(events);
      await expectOracleFigures(a, key, events, province);
      const b = await start();
      const more = slice(402);
      events.push(...more);
      await writer.write(more);
      const owned = async (url: string) => {
        const { body } = await getJson(url, '/health');
        return (body['details'] as { assignment: { topics: Record<string, { owned: number[] }> } }).assignment.topics[
          'dossier.events.v1'
        ].owned;
      };
      await expectEventually(
        async () => {
          const [ownedA, ownedB] = [await owned(a), await owned(b)];
          expect(ownedA.length).toBeGreaterThan(0);
          expect(ownedB.length).toBeGreaterThan(0);
          expect([...ownedA, ...ownedB].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        },
        { timeoutMs: 30_000 },
      );
      await expectOracleFigures(a, key, events, province);
      await expectOracleFigures(b, key, events, province);
      // The first replica leaves: its partitions move, with their checkpoints, to the second.
      await (apps.shift() as INestApplication).close();
      const last = slice(403);
      events.push(...last);
      await writer.write(last);
      await expectEventually(async () => expect(await owned(b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]), {
        timeoutMs: 30_000,
      });
      await expectOracleFigures(b, key, events, province);
    });
  });
});
