import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { Counter, CounterStore, DEFAULT_COUNTING_RULES, type CounterStoreChunk } from '@dossier-ledger/reporting';
import { changedCounterDays } from './counter-chunk-diff';

const CHAIN = [{ era: 'e', level: 'commune' as const, path: ['C', 'D', 'P'] }];
const d = (date: string) => toDayNumber(date as LocalDate);

interface Cell {
  on: string;
  counter: Counter;
  value?: number;
  field?: string;
  procedure?: string;
}

/** The chunk of unit C after adding the cells. */
function chunk(...cells: Cell[]): CounterStoreChunk {
  const store = new CounterStore(DEFAULT_COUNTING_RULES);
  for (const { on, counter, value = 1, field = 'F1', procedure = 'PR1' } of cells) {
    store.apply(
      [
        {
          unitCode: 'C',
          fieldCode: field,
          procedureCode: procedure,
          receivedOn: on as LocalDate,
          day: d(on),
          counter,
          value,
        },
      ],
      CHAIN,
    );
  }
  return store.unitChunk('e', 'C');
}

describe('changedCounterDays', () => {
  const base = chunk(
    { on: '2024-03-05', counter: Counter.ReceivedOnline },
    { on: '2024-03-09', counter: Counter.ResolvedOnTime },
  );

  it('finds nothing between equal values (a republished chunk)', () => {
    expect(changedCounterDays(base, JSON.parse(JSON.stringify(base)) as CounterStoreChunk)).toEqual([]);
  });

  it('gives every day of a chunk seen for the first time, ascending', () => {
    expect(changedCounterDays(undefined, base)).toEqual([d('2024-03-05'), d('2024-03-09')]);
  });

  it('finds a changed value, a new day and a day that went back to zero', () => {
    const after = chunk(
      { on: '2024-03-05', counter: Counter.ReceivedOnline, value: 2 },
      { on: '2024-03-09', counter: Counter.ResolvedOnTime },
      { on: '2024-03-12', counter: Counter.ReceivedDirect },
    );
    expect(changedCounterDays(base, after)).toEqual([d('2024-03-05'), d('2024-03-12')]);
    const withoutNinth = chunk({ on: '2024-03-05', counter: Counter.ReceivedOnline });
    expect(changedCounterDays(base, withoutNinth)).toEqual([d('2024-03-09')]);
  });

  it('finds a counter moved to another counter on the same day (same total)', () => {
    const moved = chunk(
      { on: '2024-03-05', counter: Counter.ReceivedDirect },
      { on: '2024-03-09', counter: Counter.ResolvedOnTime },
    );
    expect(changedCounterDays(base, moved)).toEqual([d('2024-03-05')]);
  });

  it('finds changes seen only in a new or vanished field, procedure or scoring series', () => {
    const otherField = chunk(
      { on: '2024-03-05', counter: Counter.ReceivedOnline },
      { on: '2024-03-09', counter: Counter.ResolvedOnTime },
      { on: '2024-03-20', counter: Counter.ReceivedOnline, field: 'F2', value: 0 },
      { on: '2024-03-21', counter: Counter.Digitized },
    );
    expect(changedCounterDays(base, otherField)).toEqual([d('2024-03-21')]);
    expect(changedCounterDays(otherField, base)).toEqual([d('2024-03-21')]);
    const otherProcedure = chunk(
      { on: '2024-03-05', counter: Counter.ReceivedOnline, procedure: 'PR2' },
      { on: '2024-03-09', counter: Counter.ResolvedOnTime },
    );
    expect(changedCounterDays(base, otherProcedure)).toEqual([d('2024-03-05')]);
  });

  it('gives nothing for two empty values, and every day of a chunk emptied', () => {
    const empty = chunk();
    expect(changedCounterDays(undefined, empty)).toEqual([]);
    expect(changedCounterDays(base, empty)).toEqual([d('2024-03-05'), d('2024-03-09')]);
  });
});
