// The intake's chaos controller: a loader sends batches of events while the intake is SIGKILLed at
// a seeded point and restarted; every batch without an answer is sent again, as a vendor would.
// Then every event is in the event store exactly once and on the dossier events topic. Used by
// the short trials in `npm test` and the long ones of `npm run test:chaos`. Not part of the build.
import { EVENTS_COLLECTION, TOPICS } from '@dossier-ledger/contracts';
import { Rng } from '@dossier-ledger/demo-traffic';
import { expectEventually, sendRaw, ServiceProcess } from '@dossier-ledger/testing';
import { publishedEvent, receivedEvent, suiteEnvironment, SuiteServers } from './intake-test-kit';

export interface IntakeKillResult {
  events: number;
  acknowledgedBeforeKill: number;
  resent: number;
  published: number;
}

const BATCH = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runIntakeKillTrial(options: { seed: number; batches: number }): Promise<IntakeKillResult> {
  const rng = new Rng(`intake-kill-${options.seed}`); // the same seed, the same kill point
  const random = () => rng.next();
  const variables = suiteEnvironment(`intake-kill-${options.seed}`);
  const servers = new SuiteServers(variables);
  const start = () =>
    ServiceProcess.start({ name: 'intake', main: 'apps/dossier-intake/src/main.ts', variables, timeoutMs: 90_000 });
  let intake = await start();
  try {
    const authorization = `Bearer ${await servers.createKey('kill-vendor', ['22'])}`;
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
    const send = (body: string) =>
      sendRaw(intake.baseUrl, {
        method: 'POST',
        path: '/v1/events',
        headers: { authorization, 'content-type': 'application/json' },
        body,
      }).then(
        (r) => r.status,
        () => 0, // no answer
      );

    // Four senders in flight; the kill lands once `killAfter` batches were acknowledged.
    const killAfter = Math.floor(random() * options.batches * 0.7);
    const unanswered: number[] = [];
    let next = 0;
    let acknowledged = 0;
    let killed = false;
    const worker = async () => {
      while (next < bodies.length) {
        const b = next++;
        const status = await send(bodies[b]);
        if (status === 202) acknowledged++;
        else if (status === 0 || status >= 500) unanswered.push(b);
        else throw new Error(`batch ${b}: unexpected ${status}`);
        if (!killed && acknowledged >= killAfter) {
          killed = true;
          await intake.kill();
        }
        if (killed) return;
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const acknowledgedBeforeKill = acknowledged;
    for (let b = next; b < bodies.length; b++) unanswered.push(b); // never sent
    await sleep(Math.floor(random() * 1_000));
    intake = await start();
    // The vendor re-sends what got no answer (and the rest of its queue).
    for (const b of unanswered) {
      const status = await send(bodies[b]);
      if (status !== 202) throw new Error(`re-sent batch ${b}: ${status}`);
    }

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
    return { events, acknowledgedBeforeKill, resent: unanswered.length, published: published.length };
  } finally {
    await intake.stop().catch(() => false);
    await servers.close();
  }
}
