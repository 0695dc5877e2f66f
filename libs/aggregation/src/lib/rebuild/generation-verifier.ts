import type { PartitionCheckpointStore } from '@dossier-ledger/platform';
import type { CounterStore, CounterStoreChunk } from '@dossier-ledger/reporting';
import type { DossierReportProjectionFactory } from '../projection/dossier-report.projection';
import type { TopicReplay } from './topic-replay';

/**
 * Compares a rebuilt partition with the live generation's, at the same offset. The live side is
 * what any live owner of the partition would hold there: its durable checkpoint (manifest offset
 * L) restored with the production code, plus the topic's records from L up to the offset. Both
 * sides are then functions of the same records, so any difference is a real one (a projection that
 * drifted, a rebuild that missed events), not a race with the live consumers, which keep running.
 */
export class GenerationVerifier {
  constructor(
    private readonly topic: string,
    private readonly liveStore: PartitionCheckpointStore,
    private readonly factory: DossierReportProjectionFactory,
    private readonly replay: TopicReplay,
  ) {}

  /**
   * Brings both sides of one partition to the same offset and compares their counters: the live
   * checkpoint is read first (a consistent snapshot, however the live owner moves on), the offset is
   * max(`end`, its offset), `catchUp` brings the rebuilt partition there. `low` is the topic's first
   * offset: a live checkpoint below it cannot be brought forward, which counts as a difference.
   */
  async verify(
    partition: number,
    end: bigint,
    low: bigint,
    catchUp: (to: bigint) => Promise<CounterStore>,
  ): Promise<{ at: bigint; differences: string[] }> {
    const loaded = await this.liveStore.load(this.topic, partition);
    const from = BigInt(loaded?.manifest.offset ?? '0');
    const at = from > end ? from : end;
    const rebuilt = await catchUp(at);
    if (from < low && from < at) {
      return {
        at,
        differences: [
          `partition ${partition}: the live checkpoint (offset ${from}) is below the topic's first offset ${low}; it cannot be brought to ${at}`,
        ],
      };
    }
    const live = this.factory.create(partition, loaded?.chunks ?? null);
    await this.replay.run(new Map([[partition, { from, to: at }]]), async (_p, messages) => {
      for (const message of messages) live.apply(message);
    });
    return { at, differences: counterDifferences(partition, rebuilt, live.counterSnapshot()) };
  }
}

const SHOWN = 5;

/** Units whose counters differ (canonical chunks: no zero rows, sorted), a few named. */
export function counterDifferences(partition: number, rebuilt: CounterStore, live: CounterStore): string[] {
  const index = (store: CounterStore) =>
    new Map(store.toChunks().map((c: CounterStoreChunk) => [`${c.era}|${c.unitCode}`, JSON.stringify(c)]));
  const a = index(rebuilt);
  const b = index(live);
  const differing = [...new Set([...a.keys(), ...b.keys()])].filter((unit) => a.get(unit) !== b.get(unit)).sort();
  if (differing.length === 0) return [];
  const shown = differing
    .slice(0, SHOWN)
    .map((unit) => `${unit}${a.has(unit) ? '' : ' (live only)'}${b.has(unit) ? '' : ' (rebuilt only)'}`);
  return [
    `partition ${partition}: ${differing.length} unit(s) differ: ${shown.join(', ')}${differing.length > SHOWN ? ', …' : ''}`,
  ];
}
