import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { Counter, CounterStore, DEFAULT_COUNTING_RULES, type CounterStoreChunk } from '@dossier-ledger/reporting';
import type { CounterChange } from '../live/counter-change';
import { MergedReadModel } from './merged-read-model';

const day = (date: string) => toDayNumber(date as LocalDate);

/** Month chunk of commune C with one online receipt on each date. */
function chunkOf(...dates: string[]): CounterStoreChunk {
  const store = new CounterStore(DEFAULT_COUNTING_RULES);
  for (const on of dates) {
    store.apply(
      [
        {
          unitCode: 'C',
          fieldCode: 'F',
          procedureCode: 'PR',
          receivedOn: on as LocalDate,
          day: day(on),
          counter: Counter.ReceivedOnline,
          value: 1,
        },
      ],
      [{ era: 'E', level: 'commune', path: ['C'] }],
    );
  }
  return store.unitChunk('E', 'C');
}

describe('MergedReadModel change notifications', () => {
  const chunkKey = 'c|E|C|2024-03';

  it('tells the era, unit, partition and the changed days of each newer counter chunk value', () => {
    const changes: CounterChange[] = [];
    const model = new MergedReadModel(DEFAULT_COUNTING_RULES, (c) => changes.push(c));
    model.apply({ partition: 3, offset: 5n, chunkKey, chunk: chunkOf('2024-03-05') });
    model.apply({ partition: 3, offset: 9n, chunkKey, chunk: chunkOf('2024-03-05', '2024-03-07') });
    expect(changes).toEqual([
      { era: 'E', unitCode: 'C', days: [day('2024-03-05')], partition: 3 },
      { era: 'E', unitCode: 'C', days: [day('2024-03-07')], partition: 3 },
    ]);
  });

  it('tells nothing for stale values, unchanged values, and history applied with notify: false', () => {
    const changes: CounterChange[] = [];
    const model = new MergedReadModel(DEFAULT_COUNTING_RULES, (c) => changes.push(c));
    model.apply({ partition: 0, offset: 5n, chunkKey, chunk: chunkOf('2024-03-05') }, { notify: false });
    model.apply({ partition: 0, offset: 4n, chunkKey, chunk: chunkOf('2024-03-09') });
    model.apply({ partition: 0, offset: 7n, chunkKey, chunk: chunkOf('2024-03-05') });
    expect(changes).toEqual([]);
    // History still counts: the next value is diffed against it.
    model.apply({ partition: 0, offset: 8n, chunkKey, chunk: chunkOf('2024-03-05', '2024-03-05') });
    expect(changes).toEqual([{ era: 'E', unitCode: 'C', days: [day('2024-03-05')], partition: 0 }]);
  });
});
