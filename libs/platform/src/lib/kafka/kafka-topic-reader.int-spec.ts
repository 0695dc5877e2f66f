import { expectEventually, FaultyTcpProxy, isListening, testServers, uniqueName } from '@dossier-ledger/testing';
import { createKafka } from './kafka-client';
import { KafkaTopicReader } from './kafka-topic-reader';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('KafkaTopicReader', () => {
  it('restarts a consumer whose broker connection stopped answering, and reads what came meanwhile', async () => {
    const { kafkaBrokers } = testServers();
    const port = Number(kafkaBrokers.split(',')[0].split(':').at(-1));
    // The local broker's PROXIED listener (port + 2) tells clients to come back through port + 3.
    expect(await isListening(port + 2)).toBe(true);
    const proxy = await FaultyTcpProxy.start(port + 3, { host: '127.0.0.1', port: port + 2 });
    const direct = createKafka(kafkaBrokers, 'reader-spec');
    const admin = direct.admin();
    const producer = direct.producer();
    const topic = uniqueName('reader-spec');
    const seen = new Set<number>();
    const reader = new KafkaTopicReader({
      kafka: createKafka(proxy.address, 'reader-spec-proxied'),
      topic,
      groupIdPrefix: uniqueName('reader-spec'),
      maxWaitTimeMs: 100,
      stallRestartMs: 2_000,
      onBatch: (_partition, messages) => {
        for (const message of messages) seen.add(Number(message.value?.toString()));
      },
    });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await producer.connect();
      const send = (values: number[]) =>
        producer.send({ topic, messages: values.map((value) => ({ value: String(value) })) });
      await send(range(0, 5));
      await reader.start();
      await reader.whenCaughtUp();
      expect([...seen].sort()).toEqual(range(0, 5));
      expect(reader.progress().restarts).toBe(0);

      expect(proxy.blackholeOpen()).toBeGreaterThan(0);
      await send(range(5, 5));
      await expectEventually(() => expect([...seen].sort()).toEqual(range(0, 10)), { timeoutMs: 25_000 });
      expect(reader.progress().restarts).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.close(); // also ends the abandoned consumer's connections, so its goodbye does not wait
      await reader.stop();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  }, 60_000);
});
