import { KAFKA_HEADERS, TOPICS, EVENTS_COLLECTION } from '@dossier-ledger/contracts';
import { expectEventually } from '@dossier-ledger/testing';
import { Partitioners, type Producer } from 'kafkajs';
import {
  publishedEvent,
  receivedEvent,
  startIntakeApp,
  suiteEnvironment,
  SuiteServers,
  type IntakeTestApp,
} from '../testing/intake-test-kit';

describe('direct intake from Kafka against the real servers', () => {
  const variables = suiteEnvironment('intake-raw');
  const servers = new SuiteServers(variables);
  let intake: IntakeTestApp;
  let producer: Producer;

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
    await servers.createKey('vendor-k', ['193']);
    await servers.createKey('reader-only', ['22'], ['read']);
    producer = servers.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await intake?.close();
    await servers.close();
  });

  it('stores and publishes valid records and sends every refused one to the dead-letter topic with its reason', async () => {
    const record = (value: unknown, source?: string) => ({
      key: 'k',
      value: typeof value === 'string' ? value : JSON.stringify(value),
      headers: source ? { [KAFKA_HEADERS.source]: source } : {},
    });
    await producer.send({
      topic: servers.topic(TOPICS.intakeRaw),
      messages: [
        record(receivedEvent(1), 'vendor-k'),
        record(receivedEvent(2), 'vendor-k'),
        record(receivedEvent(3)), // no source header
        record(receivedEvent(4), 'unknown-vendor'),
        record(receivedEvent(5), 'reader-only'), // registered, but without the write role
        record('{not json', 'vendor-k'),
        record(receivedEvent(6, { occurredAt: 'yesterday' }), 'vendor-k'),
        record(receivedEvent(7, { unitCode: '00001' }), 'vendor-k'), // outside the scope
        record(receivedEvent(1, { channel: 'direct' }), 'vendor-k'), // conflicting duplicate
        record(receivedEvent(2), 'vendor-k'), // plain duplicate: acknowledged, not a dead letter
      ],
    });

    const deadLetters = await servers.readTopic(TOPICS.intakeDeadLetter, (m) => m.length >= 7);
    const reasons = deadLetters.map((m) => m.headers?.[KAFKA_HEADERS.deadLetterReason]?.toString());
    expect(reasons).toEqual([
      'missing header source',
      'source unknown-vendor is not registered with the write role',
      'source reader-only is not registered with the write role',
      expect.stringContaining('value is not valid JSON'),
      expect.stringContaining('occurredAt'),
      'unit 00001 is outside the scope of source vendor-k',
      expect.stringContaining('conflict'),
    ]);
    expect(deadLetters[0].headers?.['x-original-offset']?.toString()).toBe('2');

    const published = await servers.readTopic(TOPICS.dossierEvents, (m) => m.length >= 2);
    expect(new Set(published.map((m) => publishedEvent(m).event.eventId))).toEqual(new Set(['ev-1', 'ev-2']));
    await expectEventually(async () => expect(await servers.count(EVENTS_COLLECTION)).toBe(2));

    // The offsets are committed: the group has nothing left to read.
    const admin = servers.kafka.admin();
    await admin.connect();
    try {
      await expectEventually(async () => {
        const [offsets] = await admin.fetchOffsets({
          groupId: `${variables['KAFKA_TOPIC_PREFIX']}dossier-intake.raw`,
          topics: [servers.topic(TOPICS.intakeRaw)],
        });
        const committed = offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
        expect(committed).toBe(10);
      });
    } finally {
      await admin.disconnect();
    }
  });
});
