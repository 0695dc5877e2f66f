import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { foldStoredEvents, parseEvents, stringifyEvents, type StoredEvent } from './dossier-state';

const receipt = {
  eventId: 'r',
  dossierId: 'D',
  type: 'DossierReceived',
  occurredAt: '2024-03-04T10:00:00+07:00',
  unitCode: '24769',
  seq: 1,
  channel: 'online',
  procedureCode: 'P',
  fieldCode: 'F',
  dueAt: '2024-03-08T17:00:00+07:00',
} as DossierEventV1;
// Another application numbers its own events of the dossier from 0.
const resolution = {
  eventId: 'x',
  dossierId: 'D',
  type: 'DossierResolved',
  occurredAt: '2024-03-04T11:00:00+07:00',
  unitCode: '24769',
  seq: 0,
} as DossierEventV1;

describe('foldStoredEvents', () => {
  it("applies each source's seq to its own events only; different sources go by the clock", () => {
    const stored: StoredEvent[] = [
      ['one-stop', receipt],
      ['e-office', resolution],
    ];
    const { facts, plain } = foldStoredEvents(stored, DEFAULT_COUNTING_RULES);
    expect(plain).toEqual([receipt, resolution]);
    expect(facts).toMatchObject({ finish: { kind: 'resolved', on: '2024-03-04' }, anomalies: [] });
    // Taken as one source, the two numberings would clash: the resolution (seq 0) would precede the receipt.
    const { facts: oneSource } = foldStoredEvents(
      stored.map(([, event]) => ['one-stop', event]),
      DEFAULT_COUNTING_RULES,
    );
    expect(oneSource.finish).toBeNull();
  });
});

const base = { dossierId: 'D-1', occurredAt: '2024-03-04T08:00:00+07:00', unitCode: '42001' };
const events: StoredEvent[] = [
  [
    'vnpt',
    {
      ...base,
      eventId: 'D-1.0',
      type: 'DossierReceived',
      seq: 0,
      channel: 'online',
      procedureCode: 'P',
      fieldCode: 'F',
      dueAt: null,
    },
  ],
  ['vnpt', { ...base, eventId: 'other-id', type: 'DossierDigitized' }],
  ['dvcqg', { ...base, eventId: 'D-1.2', type: 'DossierTransferred', unitCode: '42', toUnitCode: '42003', seq: 2 }],
  ['dvcqg', { ...base, eventId: 'D-1.3', type: 'SomethingNew', schemaVersion: 1 } as unknown as DossierEventV1],
];

describe('stored dossier events', () => {
  it('come back exactly as they were, in order, from a much shorter text', () => {
    const text = stringifyEvents(events);
    expect(parseEvents('D-1', text)).toEqual(events);
    expect(text.length).toBeLessThan(JSON.stringify(events).length * 0.6);
  });

  it('reads the first form ([source, event without dossierId]) too', () => {
    const first = JSON.stringify(
      events.map(([s, event]) => [s, Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'dossierId'))]),
    );
    expect(parseEvents('D-1', first)).toEqual(events);
  });
});
