import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import {
  RegistryUnitHierarchy,
  type DossierNote,
  isNoteChunkKey,
  noteChunkKey,
  noteChunkKeys,
  parseNoteChunkKey,
  PartitionNotes,
  NotesReadModel,
} from '@dossier-ledger/aggregation';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { MergedReadModel } from '../read-model/merged-read-model';

const registry = loadDefaultUnitRegistry();
const hierarchy = new RegistryUnitHierarchy(registry);
const district = registry.children('58', '2024-03-01')[0].code;
const commune = registry.children(district, '2024-03-01')[0].code;
const day = (d: string) => toDayNumber(d as LocalDate);

const note = (id: string, overrides: Partial<DossierNote> = {}): DossierNote => ({
  dossierId: id,
  unitCode: commune,
  counted: true,
  fieldCode: 'LV01',
  procedureCode: 'TT-1',
  receivedDay: day('2024-03-01'),
  finishKind: null,
  finishDay: null,
  dueDay: day('2024-03-10'),
  late: null,
  overdue: [{ from: day('2024-03-11'), until: null, dueDay: day('2024-03-10') }],
  anomalies: [],
  ...overrides,
});

describe('note chunks', () => {
  it('keys notes by era, unit and month, apart from the counters', () => {
    const id = { era: 'units-2023-04-10.v1', unitCode: commune, month: '2024-03' };
    expect(noteChunkKey(id)).toBe(`n|units-2023-04-10.v1|${commune}|2024-03`);
    expect(parseNoteChunkKey(noteChunkKey(id))).toEqual(id);
    expect(isNoteChunkKey(noteChunkKey(id))).toBe(true);
    expect(isNoteChunkKey('c|units-2023-04-10.v1|58|2024-03')).toBe(false);
  });

  it('puts an open dossier in its receipt month and a finished one in its finish month, in every era of its unit', () => {
    const open = noteChunkKeys(note('a'), hierarchy);
    expect(open.length).toBe(hierarchy.reportChains(commune, '2024-03-01' as LocalDate).length);
    expect(open.every((k) => k.endsWith('|2024-03'))).toBe(true);
    expect(open[0]).toBe(
      noteChunkKey({
        era: hierarchy.reportChains(commune, '2024-03-01' as LocalDate)[0].era,
        unitCode: commune,
        month: '2024-03',
      }),
    );
    const finished = noteChunkKeys(note('a', { finishKind: 'resolved', finishDay: day('2024-05-02') }), hierarchy);
    expect(finished.every((k) => k.endsWith('|2024-05'))).toBe(true);
  });

  it('moves a note between chunks as its dossier changes, and empties chunks it leaves', () => {
    const notes = new PartitionNotes(hierarchy);
    const [marchKey] = noteChunkKeys(note('b'), hierarchy);
    expect(notes.set('b', note('b'))).toContain(marchKey);
    expect(notes.set('a', note('a'))).toContain(marchKey);
    expect(notes.chunk(marchKey).notes.map((n) => n[0])).toEqual(['a', 'b']);
    expect(notes.set('a', note('a'))).toEqual([]);
    const finished = note('a', { finishKind: 'resolved', finishDay: day('2024-05-02'), late: 'withoutApology' });
    const changed = notes.set('a', finished);
    const [mayKey] = noteChunkKeys(finished, hierarchy);
    expect(changed).toEqual(expect.arrayContaining([marchKey, mayKey]));
    expect(notes.chunk(marchKey).notes.map((n) => n[0])).toEqual(['b']);
    expect(notes.set('b', null)).toContain(marchKey);
    expect(notes.chunk(marchKey).notes).toEqual([]);
    expect([...notes.keys()]).toEqual(expect.arrayContaining([marchKey, mayKey]));
    expect(notes.encodedOf('a')?.[9]).toBe('withoutApology');
    expect(notes.encodedOf('b')).toBeNull();
  });
});

describe('NotesReadModel', () => {
  const notes = new PartitionNotes(hierarchy);
  notes.set('a', note('a'));
  const [key] = noteChunkKeys(note('a'), hierarchy);
  const { era } = parseNoteChunkKey(key);

  it('keeps the value of the highest offset per partition and chunk, and merges partitions', () => {
    const model = new NotesReadModel();
    expect(model.apply({ partition: 0, offset: 5n, chunkKey: key, chunk: notes.chunk(key) })).toBe('applied');
    const other = new PartitionNotes(hierarchy);
    other.set('z', note('z'));
    expect(model.apply({ partition: 3, offset: 2n, chunkKey: key, chunk: other.chunk(key) })).toBe('applied');
    expect(
      model
        .notesOf(era, commune)
        .map((n) => n.dossierId)
        .sort(),
    ).toEqual(['a', 'z']);
    // An older value (zombie, redelivery) cannot move the chunk back; a newer empty one removes it.
    expect(model.apply({ partition: 3, offset: 2n, chunkKey: key, chunk: notes.chunk(key) })).toBe('stale');
    const empty = new PartitionNotes(hierarchy).chunk(key);
    expect(model.apply({ partition: 3, offset: 1n, chunkKey: key, chunk: empty })).toBe('stale');
    expect(model.apply({ partition: 3, offset: 9n, chunkKey: key, chunk: empty })).toBe('applied');
    expect(model.notesOf(era, commune).map((n) => n.dossierId)).toEqual(['a']);
    expect(model.notesOf(era, commune)[0]).toEqual(note('a'));
  });

  it('selects months, and refuses what is not a notes chunk', () => {
    const model = new NotesReadModel();
    model.apply({ partition: 0, offset: 1n, chunkKey: key, chunk: notes.chunk(key) });
    expect(model.notesOf(era, commune, (m) => m === '2024-04')).toEqual([]);
    expect(model.notesOf(era, commune, (m) => m === '2024-03')).toHaveLength(1);
    expect(model.apply({ partition: 1, offset: 1n, chunkKey: key, chunk: { series: [] } })).toBe('rejected');
    expect(model.stats()).toMatchObject({ applied: 1, rejected: 1 });
  });

  it('receives the notes chunks of the counters feed through the merged read model, apart from the counters', () => {
    const model = new MergedReadModel(DEFAULT_COUNTING_RULES);
    expect(model.apply({ partition: 2, offset: 4n, chunkKey: key, chunk: notes.chunk(key) as never })).toBe('applied');
    expect(model.apply({ partition: 2, offset: 4n, chunkKey: key, chunk: notes.chunk(key) as never })).toBe('stale');
    expect(model.notes.notesOf(era, commune).map((n) => n.dossierId)).toEqual(['a']);
    expect(model.store.unit(era, commune)).toBeUndefined();
    expect(model.stats()).toMatchObject({ applied: 0, chunks: 0, noteChunks: 1 });
  });
});
