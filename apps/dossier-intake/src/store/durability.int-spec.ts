import { EVENTS_COLLECTION, TOPICS } from '@dossier-ledger/contracts';
import { expectEventually, ServiceProcess } from '@dossier-ledger/testing';
import { post, publishedEvent, receivedEvent, suiteEnvironment, SuiteServers } from '../testing/intake-test-kit';
import { OUTBOX_COLLECTION } from './outbox.repository';

// Acknowledged means durable; a request cut off by a crash and sent again loses and doubles nothing.
describe('durability under kill -9 (intake as a child process)', () => {
  const variables = { ...suiteEnvironment('intake-kill'), INTAKE_CONSUMERS: 'off' };
  const servers = new SuiteServers(variables);
  let running: ServiceProcess | undefined;
  let key: string;

  const startIntake = (environment: Record<string, string>) =>
    ServiceProcess.start({
      name: 'intake',
      main: 'apps/dossier-intake/src/main.ts',
      variables: environment,
      timeoutMs: 90_000,
    });
  const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => receivedEvent(from + i));
  const distinctOnKafka = async (expected: number) => {
    const messages = await servers.readTopic(
      TOPICS.dossierEvents,
      (m) => new Set(m.map((x) => publishedEvent(x).event.eventId)).size >= expected,
      60_000,
    );
    return { records: messages.length, eventIds: new Set(messages.map((m) => publishedEvent(m).event.eventId)) };
  };

  beforeAll(async () => {
    key = await servers.createKey('vendor-crash', ['22']);
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  afterAll(async () => {
    await servers.close();
  });

  it('(a) killed right after the 202: every acknowledged event is stored and on Kafka', async () => {
    running = await startIntake(variables);
    const events = batch(1, 1_000);
    const answer = await post(running.baseUrl, '/v1/events', { key, body: JSON.stringify(events) });
    expect(answer).toEqual({ status: 202, body: { accepted: 1_000, duplicates: 0, conflicts: [] } });
    expect((await running.kill()).signal).toBe('SIGKILL');

    expect(await servers.count(EVENTS_COLLECTION)).toBe(1_000);
    const { eventIds } = await distinctOnKafka(1_000);
    expect(eventIds).toEqual(new Set(events.map((e) => e['eventId'])));
  });

  it('(b) killed after storing, before publishing and answering: a new instance and the retry lose and double nothing', async () => {
    running = await startIntake({ ...variables, INTAKE_CRASH_POINT: 'after-store' });
    const events = batch(5_001, 500);
    const before = await servers.count(EVENTS_COLLECTION);
    // Test (a)'s journal may still be there: its deletion is batched after the 202, and (a) killed it.
    const journalsBefore = await servers.count(OUTBOX_COLLECTION);
    await expect(post(running.baseUrl, '/v1/events', { key, body: JSON.stringify(events) })).rejects.toThrow();
    expect((await running.whenExited()).signal).toBe('SIGKILL');
    expect(await servers.count(EVENTS_COLLECTION)).toBe(before + 500); // stored, not acknowledged
    expect(await servers.count(OUTBOX_COLLECTION)).toBe(journalsBefore + 1); // the journal of the request in flight
    // Another instance starts (the crashed one never comes back): its sweep publishes the journal.
    running = await startIntake(variables);
    await expectEventually(async () => expect(await servers.count(OUTBOX_COLLECTION)).toBe(0), { timeoutMs: 30_000 });

    // The client retries the request that never got an answer.
    const retry = await post(running.baseUrl, '/v1/events', { key, body: JSON.stringify(events) });
    expect(retry).toEqual({ status: 202, body: { accepted: 0, duplicates: 500, conflicts: [] } });

    expect(await servers.count(EVENTS_COLLECTION)).toBe(before + 500);
    const { eventIds, records } = await distinctOnKafka(before + 500);
    expect(eventIds.size).toBe(before + 500);
    for (const event of events) expect(eventIds.has(String(event['eventId']))).toBe(true);
    expect(records).toBeGreaterThanOrEqual(before + 500); // re-published copies are expected; consumers dedupe by source + eventId
  });
});
