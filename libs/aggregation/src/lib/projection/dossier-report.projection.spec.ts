import { computeReportDirect, foldDossier, readDossierReport, DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import fc from 'fast-check';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { RegistryUnitHierarchy } from '../hierarchy/registry-unit-hierarchy';
import { interleaveByTime, realisticDossiers } from '../../testing/realistic-dossiers';
import { encodeDossierEventRecord } from './dossier-event-record';
import { DossierReportProjection } from './dossier-report.projection';
import { decodeContributions, parseEvents, type StateEntry } from './dossier-state';
import { decodeNote, isOverdueOn } from '../notes/dossier-note';
import { isNoteChunkKey, type NoteChunk } from '../notes/note-chunks';

const registry = loadDefaultUnitRegistry();
const options = { rules: DEFAULT_COUNTING_RULES, hierarchy: new RegistryUnitHierarchy(registry), dossiersPerChunk: 16 };
const events = interleaveByTime(
  realisticDossiers({ registry, seed: 1, dossiers: 60, province: '58', firstDay: '2024-01-01', days: 200 }),
);
const message = (event: (typeof events)[number], offset: number) => {
  const { key, value, headers } = encodeDossierEventRecord({ source: 's', receivedAt: null, event });
  return { offset: String(offset), key: Buffer.from(key), value: Buffer.from(value), headers, timestamp: '0' };
};
const toDay = (d: string) => toDayNumber(d as LocalDate);
const report = (p: DossierReportProjection) =>
  readDossierReport(p.counterSnapshot(), {
    era: 'units-2023-04-10.v1',
    unitCode: '58',
    from: '2024-01-01' as LocalDate,
    to: '2024-12-31' as LocalDate,
  });

const inOrder = new DossierReportProjection(options);
events.forEach((e, i) => inOrder.apply(message(e, i)));

describe('DossierReportProjection', () => {
  it('restores from its checkpoint chunks to the same counters', () => {
    const p = new DossierReportProjection(options);
    events.forEach((e, i) => p.apply(message(e, i)));
    const chunks = new Map([...p.takeCheckpointChanges()].filter(([, v]) => v !== null));
    // Through JSON, as the store keeps them.
    const restored = DossierReportProjection.restore(options, new Map(JSON.parse(JSON.stringify([...chunks]))));
    expect(report(restored)).toEqual(report(p));
    expect(report(p).scoring.digitized.count).toBeGreaterThan(0);
  });

  it('gives the oracle figures whatever the order, with duplicates, at the province and below', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.nat(events.length - 1), { maxLength: 40 }),
        (shuffled, repeats) => {
          const p = new DossierReportProjection(options);
          const sent = [...shuffled, ...repeats.map((i) => events[i])];
          const outcomes = sent.map((e, i) => p.apply(message(e, i)));
          expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(repeats.length);
          expect(report(p)).toEqual(report(inOrder));
        },
      ),
      { numRuns: 15 },
    );
    const facts = [...new Set(events.map((e) => e.dossierId))].map((id) =>
      foldDossier(events.filter((e) => e.dossierId === id)),
    );
    const window = { era: 'units-2023-04-10.v1', from: '2024-01-01' as LocalDate, to: '2024-12-31' as LocalDate };
    expect(report(inOrder)).toEqual(computeReportDirect(facts, options.hierarchy, window, '58'));
  });

  it('rejects records that are not events, without changing anything', () => {
    const p = new DossierReportProjection(options);
    expect(p.apply({ offset: '0', key: null, value: Buffer.from('not json'), timestamp: '0' })).toBe('rejected');
    expect(
      p.apply({ offset: '1', key: null, value: Buffer.from('{"source":"s","event":{"eventId":"x"}}'), timestamp: '0' }),
    ).toBe('rejected');
    const receiptWithoutFields = { ...events[0], eventId: 'bad', dossierId: 'BAD-1', fieldCode: undefined };
    expect(p.apply(message(receiptWithoutFields as never, 2))).toBe('rejected');
    expect(p.dossierCount).toBe(0);
    expect(p.pendingCheckpointChunks).toBe(0);
  });

  it('fills state chunks in arrival order, so new dossiers touch only the newest chunks', () => {
    const p = new DossierReportProjection(options);
    events.forEach((e, i) => p.apply(message(e, i)));
    p.takeCheckpointChanges();
    const last = events[events.length - 1];
    p.apply(message({ ...last, eventId: 'late-rating', type: 'SatisfactionRated', score: 4 } as never, events.length));
    const stateKeys = [...p.takeCheckpointChanges().keys()].filter((k) => k.startsWith('s|'));
    expect(stateKeys).toHaveLength(1);
    expect(p.stats()['stateChunks']).toBe(Math.ceil(60 / 16));
  });

  describe('notes chunks', () => {
    const ERA = 'units-2023-04-10.v1';
    // Emptied chunks are published too (readers drop what they held), but which ones a partition ever had depends on history.
    const publishedNotes = (p: DossierReportProjection) => {
      p.markAllPublished();
      return new Map(
        [...p.takePublishChanges()].filter(
          ([key, chunk]) => isNoteChunkKey(key) && (chunk as NoteChunk).notes.length > 0,
        ) as [string, NoteChunk][],
      );
    };

    it('lists the late and overdue dossiers behind the figures', () => {
      const notes = [...publishedNotes(inOrder).values()]
        .filter((c) => c.era === ERA)
        .flatMap((c) => c.notes.map(decodeNote));
      const r = report(inOrder);
      const [from, to] = [toDay('2024-01-01'), toDay('2024-12-31')];
      const late = notes.filter(
        (n) => n.late !== null && (n.finishDay as number) >= from && (n.finishDay as number) <= to,
      );
      expect(late.length).toBe(r.resolved.late);
      expect(late.filter((n) => n.late === 'withoutApology').length).toBe(r.scoring.lateWithoutApology);
      expect(notes.filter((n) => isOverdueOn(n, to)).length).toBe(r.pending.overdue);
      expect(r.resolved.late + r.pending.overdue).toBeGreaterThan(0);
      expect(new Set(notes.map((n) => n.dossierId)).size).toBe(notes.length);
    });

    it('restores the same notes from the checkpoint, and from a checkpoint written before notes existed', () => {
      const p = new DossierReportProjection(options);
      events.forEach((e, i) => p.apply(message(e, i)));
      const chunks = JSON.parse(JSON.stringify([...p.takeCheckpointChanges()].filter(([, v]) => v !== null))) as [
        string,
        { v: 3; dossiers: StateEntry[] },
      ][];
      const expected = publishedNotes(p);
      expect(expected.size).toBeGreaterThan(0);
      expect(publishedNotes(DossierReportProjection.restore(options, new Map(chunks)))).toEqual(expected);
      // Version 1, before notes: events as objects, contributions as 7-tuples, no note.
      const older = chunks.map(
        ([key, chunk]) =>
          [
            key,
            {
              v: 1,
              dossiers: chunk.dossiers.map(([id, events, contributions]) => [
                id,
                parseEvents(id, events),
                decodeContributions(contributions).map((c) => [
                  c.unitCode,
                  c.fieldCode,
                  c.procedureCode,
                  c.receivedOn,
                  c.day,
                  c.counter,
                  c.value,
                ]),
              ]),
            },
          ] as const,
      );
      expect(publishedNotes(DossierReportProjection.restore(options, new Map(older)))).toEqual(expected);
      // Version 2: events with their times as strings and their ids as suffixes.
      const second = chunks.map(([key, chunk]) => {
        const dossiers = chunk.dossiers.map(([id, events, ...rest]): StateEntry => {
          const rows = parseEvents(id, events).map(([source, event]) => {
            const { eventId, dossierId, type, occurredAt, unitCode, seq, ...other } = event;
            return [source, eventId.slice(dossierId.length), type, occurredAt, unitCode, seq ?? null, other];
          });
          return [id, JSON.stringify(rows), ...rest];
        });
        return [key, { v: 2, dossiers }] as const;
      });
      expect(second[0][1].dossiers[0][1]).toMatch(/"\d{4}-\d\d-\d\dT/);
      const restored = DossierReportProjection.restore(options, new Map(second));
      expect(publishedNotes(restored)).toEqual(expected);
      const ids = [...new Set(events.map((e) => e.dossierId))];
      expect(ids.every((id) => p.eventsOf(id).length > 0)).toBe(true);
      expect(ids.map((id) => restored.eventsOf(id))).toEqual(ids.map((id) => p.eventsOf(id)));
    });

    it('gives the same notes chunks whatever the arrival order', () => {
      const reversed = new DossierReportProjection(options);
      [...events].reverse().forEach((e, i) => reversed.apply(message(e, i)));
      expect(publishedNotes(reversed)).toEqual(publishedNotes(inOrder));
    });
  });
});
