import mongoose, { Schema, type Connection } from 'mongoose';
import type { Admin, Consumer, Producer } from 'kafkajs';
import { createKafka, ensureTopics } from './kafka/kafka-client';
import { expectEventually, testDatabaseUri, testServers, uniqueName } from '@dossier-ledger/testing';

// Proves the ground every service stands on: a real broker and a real MongoDB-wire server.
describe('real servers', () => {
  describe('Kafka', () => {
    const topic = uniqueName('ground');
    const kafka = createKafka(testServers().kafkaBrokers, 'ground-test');
    let admin: Admin;
    let producer: Producer;
    let consumer: Consumer;

    beforeAll(async () => {
      admin = kafka.admin();
      await admin.connect();
      const cluster = await admin.describeCluster();
      console.log(
        `Kafka cluster ${cluster.clusterId}: brokers ${cluster.brokers.map((b) => `${b.host}:${b.port}`).join(',')}`,
      );
      await ensureTopics(admin, [{ name: topic, partitions: 4, config: {} }]);
      producer = kafka.producer({ idempotent: true });
      consumer = kafka.consumer({ groupId: uniqueName('ground'), sessionTimeout: 6000, heartbeatInterval: 500 });
      await Promise.all([producer.connect(), consumer.connect()]);
    });

    afterAll(async () => {
      await Promise.all([producer?.disconnect(), consumer?.disconnect()]);
      await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin?.disconnect();
    });

    it('keeps per-key order for 10,000 keyed messages', async () => {
      const keys = 50;
      const total = 10_000;
      const messages = Array.from({ length: total }, (_, i) => ({
        key: `dossier-${i % keys}`,
        value: JSON.stringify({ n: Math.floor(i / keys) }),
      }));
      for (let i = 0; i < total; i += 2_000) {
        await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 2_000) });
      }

      const seen = new Map<string, number[]>();
      let count = 0;
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            const key = message.key?.toString() ?? '';
            const list = seen.get(key) ?? [];
            list.push((JSON.parse(message.value?.toString() ?? '{}') as { n: number }).n);
            seen.set(key, list);
            count++;
          }
        },
      });

      await expectEventually(() => expect(count).toBe(total), { timeoutMs: 60_000 });
      expect(seen.size).toBe(keys);
      for (const list of seen.values()) expect(list).toEqual(Array.from({ length: total / keys }, (_, n) => n));
    });
  });

  describe('MongoDB wire server', () => {
    let connection: Connection;

    beforeAll(async () => {
      connection = await mongoose.createConnection(testDatabaseUri(uniqueName('ground'))).asPromise();
      const ping = await (connection.db as mongoose.mongo.Db).admin().command({ ping: 1 });
      const build = await (connection.db as mongoose.mongo.Db).admin().command({ buildInfo: 1 });
      console.log(`MongoDB-wire server answers ping=${ping['ok']}, version ${build['version']}`);
    });

    afterAll(async () => {
      await connection?.dropDatabase().catch(() => undefined);
      await connection?.close();
    });

    it('applies $inc upserts keyed by _id', async () => {
      const Counter = connection.model('Counter', new Schema({ _id: String, value: Number }), 'counters');
      for (let i = 0; i < 3; i++) await Counter.updateOne({ _id: 'c1' }, { $inc: { value: 2 } }, { upsert: true });
      expect((await Counter.findById('c1').lean())?.value).toBe(6);
    });

    it('answers an unordered insertMany with exactly the duplicate _ids and inserts the rest', async () => {
      const events = connection.collection('events');
      await events.insertMany([{ _id: 'src:1' }, { _id: 'src:3' }] as never[]);
      const batch = ['src:1', 'src:2', 'src:3', 'src:4', 'src:2'].map((_id) => ({ _id }));
      const error = await events.insertMany(batch as never[], { ordered: false }).catch((e: unknown) => e);
      const writeErrors = (error as { writeErrors?: { code: number; index: number }[] }).writeErrors ?? [];
      expect(writeErrors.map((e) => e.code)).toEqual([11000, 11000, 11000]);
      expect(writeErrors.map((e) => e.index).sort()).toEqual([0, 2, 4]);
      expect((await events.find({}).toArray()).map((d) => d._id).sort()).toEqual(['src:1', 'src:2', 'src:3', 'src:4']);
    });

    it('enforces a unique compound index with code 11000', async () => {
      const keys = connection.collection('keys');
      await keys.createIndex({ source: 1, name: 1 }, { unique: true });
      await keys.insertOne({ source: 'a', name: 'x' });
      await expect(keys.insertOne({ source: 'a', name: 'x' })).rejects.toMatchObject({ code: 11000 });
      await expect(keys.insertOne({ source: 'a', name: 'y' })).resolves.toBeDefined();
    });
  });
});
