import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { dedupeWithinBatch } from './event-ingestion.service';

const event = (eventId: string, extra: Record<string, unknown> = {}) =>
  ({
    eventId,
    dossierId: 'D',
    type: 'DossierResolved',
    occurredAt: '2023-01-05T08:30:00+07:00',
    unitCode: '22',
    ...extra,
  }) as DossierEventV1;

describe('dedupeWithinBatch', () => {
  it('keeps the first copy, counts later ones and lists differing ones as conflicts', () => {
    const reordered = {
      unitCode: '22',
      occurredAt: '2023-01-05T08:30:00+07:00',
      type: 'DossierResolved',
      dossierId: 'D',
      eventId: 'a',
    } as DossierEventV1;
    const result = dedupeWithinBatch([
      { index: 0, event: event('a') },
      { index: 1, event: event('b') },
      { index: 2, event: reordered },
      { index: 3, event: event('a', { electronicResult: true }) },
    ]);
    expect(result.unique.map((u) => u.index)).toEqual([0, 1]);
    expect(result.duplicates).toBe(2);
    expect(result.conflicts).toEqual([{ index: 3, eventId: 'a' }]);
  });
});
