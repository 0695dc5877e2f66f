import type { LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { DEFAULT_COUNTING_RULES, type Contribution } from '@dossier-ledger/reporting';
import {
  decodeContributions,
  encodeContributions,
  foldStoredEvents,
  parseEvents,
  stringifyEvents,
  type StoredEvent,
} from './dossier-state';

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

  it('keep times that are not exactly canonical Vietnam times as sent, and go back in time too', () => {
    const times = [
      '2024-03-04T08:00:00+07:00',
      '2024-03-04T08:00:00.500+07:00', // milliseconds
      '2024-03-04T01:00:00Z', // another offset
      '2024-02-30T08:00:00+07:00', // no such day
      '2024-03-01T23:59:59+07:00', // earlier than the last numeric one
      '1969-12-31T23:00:00+07:00', // before the epoch
      '2024-03-04T08:00:00+0700',
    ];
    const stored: StoredEvent[] = times.map((occurredAt, i) => [
      'vnpt',
      { ...base, eventId: `D-1.${i}`, seq: i, type: 'DossierDigitized', occurredAt } as DossierEventV1,
    ]);
    const text = stringifyEvents(stored);
    expect(parseEvents('D-1', text)).toEqual(stored);
    const rows = JSON.parse(text) as unknown[][];
    expect(rows.map((row) => typeof row[3])).toEqual([
      'number',
      'string',
      'string',
      'string',
      'number',
      'number',
      'string',
    ]);
    expect(rows.map((row) => row[1])).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('write an eventId that is not <dossierId>.<seq> in full or as its suffix', () => {
    const ids = ['D-1.7', 'D-1:3', 'D-1.', 'X-9.3'];
    const stored: StoredEvent[] = ids.map((eventId) => [
      'vnpt',
      { ...base, eventId, seq: 3, type: 'DossierDigitized' } as DossierEventV1,
    ]);
    stored.push(['vnpt', { ...base, eventId: 'D-1.undefined', type: 'DossierDigitized' } as DossierEventV1]);
    const text = stringifyEvents(stored);
    expect(parseEvents('D-1', text)).toEqual(stored);
    expect((JSON.parse(text) as unknown[][]).map((row) => row[1])).toEqual(['.7', ':3', '.', ['X-9.3'], '.undefined']);
  });

  it('keep every other field, times among them, and fields they do not know by name', () => {
    const receipt = {
      ...base,
      eventId: 'D-1.0',
      seq: 0,
      type: 'DossierReceived',
      channel: 'online',
      procedureCode: 'P',
      fieldCode: 'F',
      dueAt: '2024-03-18T17:00:00+07:00',
      tags: ['a', 'b'],
    } as DossierEventV1;
    const odd = JSON.parse('{"__proto__": 1, "a.b": {"$where": 2}}') as Record<string, unknown>;
    const stored: StoredEvent[] = [
      ['vnpt', receipt],
      [
        'vnpt',
        {
          ...base,
          eventId: 'D-1.1',
          seq: 1,
          type: 'DueDateChanged',
          newDueAt: '2024-03-01T17:00:00+07:00',
          cause: 'x',
        } as DossierEventV1,
      ],
      [
        'vnpt',
        {
          ...base,
          eventId: 'D-1.2',
          seq: 2,
          type: 'SupplementReceived',
          newDueAt: '2024-03-20T17:00:00.5+07:00',
        } as DossierEventV1,
      ],
      [
        'vnpt',
        {
          ...base,
          eventId: 'D-1.3',
          seq: 3,
          type: 'DossierDigitized',
          occurredAt: '2024-03-05T08:00:00Z',
          newDueAt: '2024-03-20T17:00:00+07:00',
        } as DossierEventV1,
      ],
      ['vnpt', { ...base, eventId: 'D-1.4', seq: 4, type: 'DossierReceived', dueAt: null, ...odd } as DossierEventV1],
    ];
    const text = stringifyEvents(stored);
    const back = parseEvents('D-1', text);
    expect(back).toEqual(stored);
    expect(Object.getOwnPropertyNames(back[4][1])).toContain('__proto__');
    expect(text).not.toContain('procedureCode');
    expect(text).not.toContain('2024-03-18'); // a time relative to the event's own
    expect(text).toContain('2024-03-20T17:00:00.5+07:00'); // not in the canonical form: as sent
    // A field left undefined is left out, as JSON of the object left it out.
    const undefinedField = { ...receipt, serviceLevel: undefined } as DossierEventV1;
    expect(parseEvents('D-1', stringifyEvents([['vnpt', undefinedField]]))[0][1]).not.toHaveProperty('serviceLevel');
  });

  it('read the second form (string times, ids as suffixes)', () => {
    const second = JSON.stringify([
      ['vnpt', '.0', 0, '2024-03-04T08:00:00+07:00', '42001', 0, { channel: 'online' }],
      [0, '.1', 16, '2024-03-05T08:00:00+07:00', 0, 1],
    ]);
    expect(parseEvents('D-1', second)).toEqual([
      ['vnpt', { ...base, eventId: 'D-1.0', type: 'DossierReceived', seq: 0, channel: 'online' }],
      [
        'vnpt',
        { ...base, eventId: 'D-1.1', type: 'SatisfactionRated', seq: 1, occurredAt: '2024-03-05T08:00:00+07:00' },
      ],
    ]);
  });

  it('reads the first form ([source, event without dossierId]) too', () => {
    const first = JSON.stringify(
      events.map(([s, event]) => [s, Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'dossierId'))]),
    );
    expect(parseEvents('D-1', first)).toEqual(events);
  });
});

describe('stored contributions', () => {
  const one = {
    unitCode: '42001',
    fieldCode: 'F',
    procedureCode: 'P',
    receivedOn: '2024-03-04' as LocalDate,
  };
  const uniform: Contribution[] = [
    { ...one, day: 19786, counter: 0 as Contribution['counter'], value: 1 },
    { ...one, day: 19790, counter: 8 as Contribution['counter'], value: -1 },
    { ...one, day: 19780, counter: 3 as Contribution['counter'], value: 2 },
  ];

  it('come back exactly, with days counted from the receipt', () => {
    const text = encodeContributions(uniform);
    expect(decodeContributions(text)).toEqual(uniform);
    expect(text).toBe('[0,"42001","F","P","2024-03-04",0,0,1,4,8,-1,-6,3,2]');
    const mixed = [...uniform, { ...uniform[0], unitCode: '42' }];
    expect(decodeContributions(encodeContributions(mixed))).toEqual(mixed);
    expect(decodeContributions(encodeContributions([]))).toEqual([]);
  });

  it('read the earlier flat form, with days since the epoch', () => {
    expect(decodeContributions('["42001","F","P","2024-03-04",19786,0,1,19790,8,-1,19780,3,2]')).toEqual(uniform);
  });
});
