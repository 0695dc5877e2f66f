import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { parseReportUpdatedV1 } from '@dossier-ledger/contracts';
import { TopicNames } from '@dossier-ledger/platform';
import type { Kafka } from 'kafkajs';
import { type AggregatorEnv, type ProjectionRunner } from '@dossier-ledger/aggregation';
import type { MergedReadModel } from '../read-model/merged-read-model';
import { ReportChangeHub } from './report-change-hub';
import { ReportUpdatedPublisher, splitChangedUnits } from './report-updated.publisher';

const day = (date: string) => toDayNumber(date as LocalDate);

/** A publisher over an in-memory producer; `owned` and `failing` are changed by the tests. */
function setUp() {
  const sent: { key: string; value: string }[][] = [];
  const state = { owned: [0], failing: false };
  const kafka = {
    producer: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async ({ messages }: { messages: { key: string; value: string }[] }) => {
        if (state.failing) throw new Error('broker down');
        sent.push(messages);
      },
    }),
  } as unknown as Kafka;
  const env = { KAFKA_REBALANCE_TIMEOUT_MS: 10_000, PUBLISH_INTERVAL_MS: 200 } as AggregatorEnv;
  const runner = { owned: () => state.owned } as unknown as ProjectionRunner;
  const readModel = { coveredOffsets: () => ({ 0: '42' }) } as unknown as MergedReadModel;
  const hub = new ReportChangeHub();
  const publisher = new ReportUpdatedPublisher(kafka, new TopicNames('t.'), env, hub, runner, readModel);
  publisher.onModuleInit();
  const change = (partition: number, unitCode: string, date: string, era = 'E1') =>
    hub.publish({ era, unitCode, days: [day(date)], partition });
  const values = () => sent.flat().map((m) => ({ key: m.key, value: parseReportUpdatedV1(m.value) }));
  return { sent, state, publisher, change, values };
}

describe('ReportUpdatedPublisher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('publishes the changes of owned partitions gathered over one interval: one message per era, keyed by era', async () => {
    const { sent, change, values } = setUp();
    change(0, 'C', '2024-03-05');
    change(0, 'D', '2024-03-05');
    change(0, 'C', '2024-03-09');
    change(0, 'N', '2024-03-05', 'E2');
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(200);
    expect(sent).toHaveLength(1);
    expect(values()).toEqual([
      {
        key: 'E1',
        value: expect.objectContaining({
          schema: 'report.updated.v1',
          era: 'E1',
          units: { C: ['2024-03-05', '2024-03-09'], D: ['2024-03-05'] },
          covered: { 0: '42' },
        }),
      },
      { key: 'E2', value: expect.objectContaining({ era: 'E2', units: { N: ['2024-03-05'] } }) },
    ]);
  });

  it('holds the changes of a partition it does not own, publishes them once it owns it, and drops them after the rebalance timeout', async () => {
    const { state, change, values, publisher } = setUp();
    change(1, 'C', '2024-03-05');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(values()).toEqual([]);
    state.owned = [0, 1];
    await jest.advanceTimersByTimeAsync(200);
    expect(values().map((v) => v.value?.units)).toEqual([{ C: ['2024-03-05'] }]);

    change(2, 'D', '2024-03-06');
    await jest.advanceTimersByTimeAsync(10_400);
    state.owned = [0, 1, 2];
    change(0, 'E', '2024-03-07');
    await jest.advanceTimersByTimeAsync(200);
    expect(values().map((v) => v.value?.units)).toEqual([{ C: ['2024-03-05'] }, { E: ['2024-03-07'] }]);
    expect(publisher.stats()).toMatchObject({ heldPartitions: 0, droppedPartitionChanges: 1 });
  });

  it('sends again what a failed send did not deliver', async () => {
    const { state, change, values, publisher } = setUp();
    state.failing = true;
    change(0, 'C', '2024-03-05');
    await jest.advanceTimersByTimeAsync(200);
    expect(publisher.stats()).toMatchObject({ failedSends: 1 });
    state.failing = false;
    change(0, 'D', '2024-03-06');
    await jest.advanceTimersByTimeAsync(200);
    expect(values().map((v) => v.value?.units)).toEqual([{ C: ['2024-03-05'], D: ['2024-03-06'] }]);
  });
});

describe('splitChangedUnits', () => {
  it('splits between units, never inside one, keeping every day once', () => {
    const units = { A: ['d1', 'd2'], B: ['d1', 'd2', 'd3'], C: ['d1'], D: ['d1', 'd2', 'd3', 'd4', 'd5'] };
    expect(splitChangedUnits(units, 3)).toEqual([
      { A: ['d1', 'd2'] },
      { B: ['d1', 'd2', 'd3'] },
      { C: ['d1'] },
      { D: ['d1', 'd2', 'd3', 'd4', 'd5'] },
    ]);
    expect(splitChangedUnits(units, 6)).toEqual([
      { A: ['d1', 'd2'], B: ['d1', 'd2', 'd3'], C: ['d1'] },
      { D: ['d1', 'd2', 'd3', 'd4', 'd5'] },
    ]);
    expect(splitChangedUnits({})).toEqual([]);
  });
});
