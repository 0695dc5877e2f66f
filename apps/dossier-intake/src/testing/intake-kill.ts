// The intake's chaos controller: a loader sends batches of events while the intake is SIGKILLed at
// a seeded point and restarted; every batch without an answer is sent again, as a vendor would.
// Then every event is in the event store exactly once and on the dossier events topic. Used by
// the short trials in `npm test` and the long ones of `npm run test:chaos`. Not part of the build.
import { EVENTS_COLLECTION, TOPICS } from '@dossier-ledger/contracts';
import { Rng } from '@dossier-ledger/demo-traffic';
import { expectEventually, postEvents, sendThroughKill, ServiceProcess } from '@dossier-ledger/testing';
import { publishedEvent, receivedEvent, suiteEnvironment, SuiteServers } from './intake-test-kit';

export interface IntakeKillResult {
  events: number;
  acknowledgedBeforeKill: number;
  resent: number;
  published: number;
}

const BATCH = 50;

export async function runIntakeKillTrial(options: { seed: number; batches: number }): Promise<IntakeKillResult> {
  const rng = new Rng(`intake-kill-${options.seed}`); // the same seed, the same kill point
  const random = () => rng.next();
  const variables = suiteEnvironment(`intake-kill-${options.seed}`);
  const servers = new SuiteServers(variables);
  const start = () =>
    ServiceProcess.start({ name: 'intake', main: 'apps/dossier-intake/src/main.ts', variables, timeoutMs: 90_000 });
  let intake = await start();
  try {
    const key = await servers.createKey('kill-vendor', ['22']);
    const bodies = Array.from({ length: options.batches }, (_, b) =>
      JSON.stringify(
        Array.from({ length: BATCH }, (_, i) =>
          receivedEvent(b * BATCH + i, {
            eventId: `k${options.seed}-${b}-${i}`,
            dossierId: `K${options.seed}-${b}-${i}`,
          }),
        ),
      ),
    );
    const { acknowledgedBeforeKill, resent } = await sendThroughKill({
      count: bodies.length,
      send: (b) => postEvents(intake.baseUrl, key, bodies[b]),
      acknowledged: 202,
      killAfter: Math.floor(random() * options.batches * 0.7),
      kill: () => intake.kill(),
      restart: async () => {
        intake = await start();
      },
      pauseMs: Math.floor(random() * 1_000),
    });

    const events = bodies.length * BATCH;
    await expectEventually(async () => expect(await servers.count(EVENTS_COLLECTION)).toBe(events), {
      timeoutMs: 120_000,
    });
    // `until` sees each new record once (last in the list): a set rebuilt per record is quadratic.
    const ids = new Set<string>();
    const published = await servers.readTopic(
      TOPICS.dossierEvents,
      (m) => ids.add(publishedEvent(m[m.length - 1]).event.eventId).size >= events,
      120_000,
    );
    expect(new Set(published.map((m) => publishedEvent(m).event.eventId)).size).toBe(events);
    return { events, acknowledgedBeforeKill, resent, published: published.length };
  } finally {
    await intake.stop().catch(() => false);
    await servers.close();
  }
}
