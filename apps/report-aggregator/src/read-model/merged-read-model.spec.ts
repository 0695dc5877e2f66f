import { CounterStore, DEFAULT_COUNTING_RULES, type CounterStoreChunk } from '@dossier-ledger/reporting';
import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { decodeCounterFeedEntry, encodeCounterFeedEntry } from '@dossier-ledger/aggregation';
import { MergedReadModel } from './merged-read-model';

const day = toDayNumber('2024-03-05' as LocalDate);

/** A chunk of unit P holding `n` online receipts on one day. */
function chunkWith(n: number): CounterStoreChunk {
  const store = new CounterStore(DEFAULT_COUNTING_RULES);
  store.apply(
    [
      {
        unitCode: 'P',
        fieldCode: 'F',
        procedureCode: 'PR',
        receivedOn: '2024-03-05' as LocalDate,
        day,
        counter: 0,
        value: n,
      },
    ],
    [{ era: 'e', level: 'province', path: ['P'] }],
  );
  return store.unitChunk('e', 'P');
}

const received = (model: MergedReadModel) => model.store.unitChunk('e', 'P').series[0]?.[2][3] ?? 0;

describe('MergedReadModel', () => {
  it('sums the partitions and replaces a chunk by its newer value', () => {
    const model = new MergedReadModel(DEFAULT_COUNTING_RULES);
    expect(model.apply({ partition: 0, offset: 10n, chunkKey: 'k', chunk: chunkWith(2) })).toBe('applied');
    expect(model.apply({ partition: 1, offset: 4n, chunkKey: 'k', chunk: chunkWith(3) })).toBe('applied');
    expect(received(model)).toBe(5);
    expect(model.apply({ partition: 0, offset: 12n, chunkKey: 'k', chunk: chunkWith(7) })).toBe('applied');
    expect(received(model)).toBe(10);
    expect(model.coveredOffsets()).toEqual({ 0: '12', 1: '4' });
  });

  it('ignores values that do not move a chunk forward (zombie owners, redelivery, compaction replays)', () => {
    const model = new MergedReadModel(DEFAULT_COUNTING_RULES);
    model.apply({ partition: 0, offset: 12n, chunkKey: 'k', chunk: chunkWith(7) });
    expect(model.apply({ partition: 0, offset: 12n, chunkKey: 'k', chunk: chunkWith(7) })).toBe('stale');
    expect(model.apply({ partition: 0, offset: 9n, chunkKey: 'k', chunk: chunkWith(1) })).toBe('stale');
    expect(received(model)).toBe(7);
  });

  it('rejects chunks of other counting rules without touching the totals', () => {
    const model = new MergedReadModel(DEFAULT_COUNTING_RULES);
    const foreign = { ...chunkWith(4), basis: 'vn-v1+finish=resultReturned' };
    expect(model.apply({ partition: 0, offset: 1n, chunkKey: 'k', chunk: foreign })).toBe('rejected');
    expect(received(model)).toBe(0);
  });

  it('reads what the publisher encodes', () => {
    const entry = { partition: 3, offset: 123456789012n, chunkKey: 'c|e|P|2024-03', chunk: chunkWith(1) };
    const { key, value } = encodeCounterFeedEntry(entry);
    expect(key).toBe('3|c|e|P|2024-03');
    expect(decodeCounterFeedEntry(Buffer.from(value))).toEqual(entry);
    expect(decodeCounterFeedEntry(Buffer.from('{"v":2}'))).toBeNull();
    expect(decodeCounterFeedEntry(null)).toBeNull();
  });
});
