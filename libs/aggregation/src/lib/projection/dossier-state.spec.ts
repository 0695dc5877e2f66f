import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { foldStoredEvents, type StoredEvent } from './dossier-state';

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
