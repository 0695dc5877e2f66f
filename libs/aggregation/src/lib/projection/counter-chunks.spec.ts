import { CounterStore, DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import {
  counterChunkKey,
  exportCounterChunks,
  isEmptyCounterChunk,
  monthDays,
  monthOfDay,
  negateCounterChunk,
  parseCounterChunkKey,
} from './counter-chunks';

const day = (d: string) => toDayNumber(d as LocalDate);

describe('counter chunks', () => {
  it('keys chunks by era, unit and month, and parses them back', () => {
    const id = { era: 'units-2023-04-10.v1', unitCode: '001', month: '2024-02' };
    expect(counterChunkKey(id)).toBe('c|units-2023-04-10.v1|001|2024-02');
    expect(parseCounterChunkKey(counterChunkKey(id))).toEqual(id);
  });

  it('knows month boundaries, leap years and December included', () => {
    expect(monthDays('2024-02')).toEqual({ from: day('2024-02-01'), to: day('2024-02-29') });
    expect(monthDays('2023-12')).toEqual({ from: day('2023-12-01'), to: day('2023-12-31') });
    expect(monthOfDay(day('2024-02-29'))).toBe('2024-02');
    expect(monthOfDay(day('2024-03-01'))).toBe('2024-03');
  });

  it('exports month chunks that add up to the store, and their negation removes them', () => {
    const store = new CounterStore(DEFAULT_COUNTING_RULES);
    const chains = [{ era: 'e', level: 'commune' as const, path: ['C', 'D', 'P'] }];
    const base = { unitCode: 'C', fieldCode: 'F', procedureCode: 'PR', receivedOn: '2024-01-30' as LocalDate };
    store.apply(
      [
        { ...base, day: day('2024-01-30'), counter: 0, value: 1 },
        { ...base, day: day('2024-01-30'), counter: 18, value: 1 },
        { ...base, day: day('2024-02-02'), counter: 4, value: 1 },
      ],
      chains,
    );
    const keys = ['C', 'D', 'P'].flatMap((unitCode) =>
      ['2024-01', '2024-02', '2024-03'].map((month) => counterChunkKey({ era: 'e', unitCode, month })),
    );
    const chunks = exportCounterChunks(store, keys);
    expect(isEmptyCounterChunk(chunks.get('c|e|P|2024-03') as never)).toBe(true);
    expect(isEmptyCounterChunk(chunks.get('c|e|P|2024-01') as never)).toBe(false);
    const rebuilt = CounterStore.fromChunks(chunks.values(), DEFAULT_COUNTING_RULES);
    expect(rebuilt.toChunks()).toEqual(store.toChunks());
    for (const chunk of chunks.values()) rebuilt.addChunk(negateCounterChunk(chunk));
    expect(rebuilt.toChunks()).toEqual([]);
  });
});
