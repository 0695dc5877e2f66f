import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { expectEventually, testServers, uniqueName } from '@dossier-ledger/testing';
import type { Admin, Producer } from 'kafkajs';
import { KafkaBatchContext } from './kafka-batch.context';
import { KafkaBatchHandler, OnConsumerTick, OnPartitionsAssigned, OnPartitionsRevoked } from './kafka-batch.decorators';
import { KafkaBatchServer } from './kafka-batch.server';
import type { KafkaBatch, KafkaBatchReply, PartitionLifecycle } from './kafka-batch.types';
import { createKafka, ensureTopics } from './kafka-client';

const TOPIC = 'probe.v1';

/** What a handler saw, per server: records by partition, lifecycle calls. */
class Probe {
  records = new Map<number, number[]>();
  lifecycle: PartitionLifecycle[] = [];
  ticks = 0;
  /** Where an assigned partition starts (default: its next record, i.e. continue). */
  startAt = new Map<number, string>();
  commit = true;
}

function probeModule(probe: Probe) {
  @Controller()
  class ProbeHandler {
    @KafkaBatchHandler(TOPIC)
    async onBatch(@Payload() batch: KafkaBatch, @Ctx() context: KafkaBatchContext): Promise<KafkaBatchReply> {
      const controls = context.getControls();
      const list = probe.records.get(batch.partition) ?? [];
      for (const message of batch.messages) {
        list.push(Number(message.value?.toString()));
        controls.resolveOffset(message.offset);
        await controls.heartbeat();
      }
      probe.records.set(batch.partition, list);
      const last = batch.messages[batch.messages.length - 1];
      return probe.commit ? { commit: [{ partition: batch.partition, offset: String(Number(last.offset) + 1) }] } : {};
    }

    @OnPartitionsAssigned(TOPIC)
    onAssigned(@Payload() lifecycle: PartitionLifecycle): KafkaBatchReply {
      probe.lifecycle.push(lifecycle);
      return {
        seek: lifecycle.partitions
          .filter((p) => probe.startAt.has(p))
          .map((p) => ({ partition: p, offset: probe.startAt.get(p) as string })),
      };
    }

    @OnPartitionsRevoked(TOPIC)
    onRevoked(@Payload() lifecycle: PartitionLifecycle): void {
      probe.lifecycle.push(lifecycle);
    }

    @OnConsumerTick(TOPIC)
    onTick(): void {
      probe.ticks++;
    }
  }
  @Module({ controllers: [ProbeHandler] })
  class ProbeModule {}
  return ProbeModule;
}

describe('KafkaBatchServer (real broker)', () => {
  const prefix = `${uniqueName('batch-server')}.`;
  const kafka = createKafka(testServers().kafkaBrokers, 'batch-server-test');
  let admin: Admin;
  let producer: Producer;
  const apps: INestMicroservice[] = [];

  const start = async (probe: Probe, groupId: string) => {
    const server = new KafkaBatchServer({
      brokers: testServers().kafkaBrokers,
      clientId: 'batch-server-test',
      groupId,
      topicPrefix: prefix,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
      rebalanceTimeoutMs: 10000,
      maxWaitTimeMs: 200,
      tickIntervalMs: 100,
    });
    const app = await NestFactory.createMicroservice(probeModule(probe), { strategy: server, logger: false });
    await app.listen();
    apps.push(app);
    return { app, server };
  };
  const send = async (from: number, count: number) => {
    const messages = Array.from({ length: count }, (_, i) => ({ key: `k${(from + i) % 17}`, value: String(from + i) }));
    await producer.send({ topic: prefix + TOPIC, acks: -1, messages });
  };
  const committed = async (groupId: string) => {
    const [topic] = await admin.fetchOffsets({ groupId, topics: [prefix + TOPIC] });
    return Object.fromEntries(topic.partitions.map((p) => [p.partition, p.offset]));
  };
  const all = (probe: Probe) => [...probe.records.values()].flat().sort((a, b) => a - b);

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: TOPIC, partitions: 4, config: {} }], prefix);
    producer = kafka.producer();
    await producer.connect();
    await send(0, 400);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [prefix + TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('hands batches to the handler in per-partition order and commits exactly what the handler answers', async () => {
    const probe = new Probe();
    const groupId = `${prefix}g1`;
    const { app, server } = await start(probe, groupId);
    await expectEventually(() => expect(all(probe)).toEqual(Array.from({ length: 400 }, (_, i) => i)), {
      timeoutMs: 30_000,
    });
    for (const values of probe.records.values()) {
      const sameKey = new Map<number, number[]>();
      for (const v of values) sameKey.set(v % 17, [...(sameKey.get(v % 17) ?? []), v]);
      for (const list of sameKey.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    }
    expect(probe.lifecycle[0]).toMatchObject({ event: 'assigned', partitions: [0, 1, 2, 3], added: [0, 1, 2, 3] });
    expect(server.assignment().topics[TOPIC].owned).toEqual([0, 1, 2, 3]);
    const ends = Object.fromEntries((await admin.fetchTopicOffsets(prefix + TOPIC)).map((o) => [o.partition, o.high]));
    await expectEventually(async () => expect(await committed(groupId)).toEqual(ends));
    await expectEventually(() => expect(probe.ticks).toBeGreaterThan(2));
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(probe.lifecycle.at(-1)).toMatchObject({ event: 'revoked', partitions: [0, 1, 2, 3], reason: 'shutdown' });
  });

  it('starts each assigned partition where the assigned handler says, and commits nothing it was not told to', async () => {
    const probe = new Probe();
    probe.commit = false;
    const ends = Object.fromEntries(
      (await admin.fetchTopicOffsets(prefix + TOPIC)).map((o) => [o.partition, Number(o.high)]),
    );
    for (let p = 0; p < 4; p++) probe.startAt.set(p, String(ends[p] - 5));
    const groupId = `${prefix}g2`;
    await start(probe, groupId);
    await expectEventually(() => expect(all(probe)).toHaveLength(20), { timeoutMs: 30_000 });
    for (const list of probe.records.values()) expect(list).toHaveLength(5);
    expect(Object.values(await committed(groupId)).every((o) => o === '-1')).toBe(true);
  });

  it('splits partitions between two members: the first gets the lost ones revoked, every record is seen', async () => {
    const first = new Probe();
    const second = new Probe();
    const groupId = `${prefix}g3`;
    const a = await start(first, groupId);
    await expectEventually(() => expect(all(first)).toHaveLength(400), { timeoutMs: 30_000 });
    const b = await start(second, groupId);
    await expectEventually(
      () => {
        const owned = [
          ...a.server.assignment().topics[TOPIC].owned,
          ...b.server.assignment().topics[TOPIC].owned,
        ].sort();
        expect(owned).toEqual([0, 1, 2, 3]);
        expect(b.server.assignment().topics[TOPIC].owned.length).toBeGreaterThan(0);
      },
      { timeoutMs: 30_000 },
    );
    const revoked = first.lifecycle
      .filter((l) => l.event === 'revoked' && l.reason === 'rebalance')
      .flatMap((l) => l.partitions);
    expect(revoked.sort()).toEqual(b.server.assignment().topics[TOPIC].owned);
    await send(400, 200);
    await expectEventually(
      () => {
        const seen = new Set([...all(first), ...all(second)]);
        expect(seen.size).toBe(600);
      },
      { timeoutMs: 30_000 },
    );
    // Committed offsets moved on while they changed hands: the second member did not start from 0.
    expect(all(second).every((v) => v >= 400)).toBe(true);
  });
});
