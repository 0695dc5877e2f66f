import type { LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import type { KafkaBatchMessage } from '@dossier-ledger/platform';
import {
  computeReportDirect,
  CounterStore,
  DEFAULT_COUNTING_RULES,
  foldDossier,
  type CounterStoreChunk,
  readDossierReport,
  type DossierReport,
} from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { RegistryUnitHierarchy } from '../hierarchy/registry-unit-hierarchy';
import { isNoteChunkKey, type NoteChunk } from '../notes/note-chunks';
import {
  interleaveByTime,
  realisticDossiers,
  seededRandom as seededRandomForTest,
} from '../../testing/realistic-dossiers';
import { inflateRawSync } from 'node:zlib';
import { isCounterChunkKey, isEmptyCounterChunk } from './counter-chunks';
import type { StoredColdMonth } from './tiered-counters';
import { encodeDossierEventRecord } from './dossier-event-record';
import { decodeContributions, encodeContributions, type StateEntry } from './dossier-state';
import { DossierReportProjection, type DossierReportProjectionOptions } from './dossier-report.projection';

const registry = loadDefaultUnitRegistry();
const hierarchy = new RegistryUnitHierarchy(registry);
const ERA = 'units-2023-04-10.v1';
const window = { era: ERA, from: '2024-01-01' as LocalDate, to: '2024-12-31' as LocalDate };
const projectionOptions: DossierReportProjectionOptions = {
  rules: DEFAULT_COUNTING_RULES,
  hierarchy,
  dossiersPerChunk: 8,
  archiveAfterMs: 30 * 86_400_000,
  archiveMinDossiers: 1,
  // Every month before the clock's is compressed at each checkpoint, and so are the archived sums:
  // the cold paths are what these tests run (the archive tests also run with the sums as deltas).
  hotMonths: 0,
  archiveFoldBytes: 0,
};
/** The archived sums compressed at every checkpoint, or never (the bases stay, the changes are deltas). */
const FOLD_POLICIES: [string, DossierReportProjectionOptions][] = [
  ['archived sums compressed at every checkpoint', projectionOptions],
  ['archived sums as deltas', { ...projectionOptions, archiveFoldBytes: Number.MAX_SAFE_INTEGER }],
];
const events = interleaveByTime(
  realisticDossiers({ registry, seed: 7, dossiers: 150, province: '58', firstDay: '2024-01-01', days: 300 }),
);
const message = (event: DossierEventV1, offset: number, source = 's'): KafkaBatchMessage => {
  const { key, value, headers } = encodeDossierEventRecord({ source, receivedAt: null, event });
  return { offset: String(offset), key: Buffer.from(key), value: Buffer.from(value), headers, timestamp: '0' };
};
const report = (p: DossierReportProjection, w = window): DossierReport =>
  readDossierReport(p.counterSnapshot(), { ...w, unitCode: '58' });
const oracle = (all: readonly DossierEventV1[], w = window): DossierReport => {
  const ids = [...new Set(all.map((e) => e.dossierId))];
  const facts = ids.map((id) => foldDossier(all.filter((e) => e.dossierId === id)));
  return computeReportDirect(facts, hierarchy, w, '58');
};
const publishedNotes = (p: DossierReportProjection) => {
  p.markAllPublished();
  return new Map(
    [...p.takePublishChanges()].filter(
      ([key, chunk]) => isNoteChunkKey(key) && (chunk as NoteChunk).notes.length > 0,
    ) as [string, NoteChunk][],
  );
};

/** The published counter chunks with a value (what readers hold). */
const publishedCounters = (p: DossierReportProjection) => {
  p.markAllPublished();
  return new Map(
    [...p.takePublishChanges()].filter(
      ([key, chunk]) => isCounterChunkKey(key) && !isEmptyCounterChunk(chunk as CounterStoreChunk),
    ),
  );
};

/** Counters 25–26 (more than one supplement request), which checkpoints of earlier code do not hold. */
const NEW_COUNTERS = new Set([25, 26]);

/** Flattened rows (day, n, n × (counter, value)) without `counters`. */
function rowsWithout(rows: readonly number[], counters: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.length;) {
    const pairs: number[] = [];
    for (let k = 0; k < rows[i + 1]; k++) {
      const at = i + 2 + 2 * k;
      if (!counters.has(rows[at])) pairs.push(rows[at], rows[at + 1]);
    }
    if (pairs.length > 0) out.push(rows[i], pairs.length / 2, ...pairs);
    i += 2 + 2 * rows[i + 1];
  }
  return out;
}

/** A compressed month of archived sums (`ac|` v2) as earlier code wrote it: its counter chunks (v1). */
function asVersion1(value: unknown): unknown {
  const stored = value as StoredColdMonth;
  if (stored?.v !== 2 || !Array.isArray(stored.ends)) return value;
  const text = inflateRawSync(Buffer.from(stored.data, 'base64')).toString('utf8');
  return { v: 1, chunks: stored.ends.map((end, i) => JSON.parse(text.slice(i === 0 ? 0 : stored.ends[i - 1], end))) };
}

/** Checkpoint chunks as earlier code wrote them: no `counters` in dossier contributions nor in counter chunks. */
function withoutCounters(chunks: ReadonlyMap<string, unknown>, counters: ReadonlySet<number>): Map<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    if (object['format'] === 'dossier-ledger/counter-store') {
      const chunk = value as CounterStoreChunk;
      return { ...chunk, scoring: rowsWithout(chunk.scoring ?? [], counters) };
    }
    return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, strip(inner)]));
  };
  const older = new Map<string, unknown>();
  for (const [key, value] of chunks) {
    if (!key.startsWith('s|')) older.set(key, strip(asVersion1(value)));
    else {
      const state = value as { v: 2; dossiers: StateEntry[] };
      const dossiers = state.dossiers.map((entry): StateEntry => {
        const kept = decodeContributions(entry[2]).filter((c) => !counters.has(c.counter));
        return [entry[0], entry[1], encodeContributions(kept), entry[3], entry[4], entry[5]];
      });
      older.set(key, { ...state, dossiers });
    }
  }
  return older;
}

/**
 * The runner's part, in memory: batches, then a checkpoint after each (archive sweep with its
 * documents, changed chunks); the "store" keeps the chunks and documents as JSON, like the real one.
 */
class Harness {
  private attempt = 0;
  /** Offset the last checkpoint covers. */
  offset = 0;

  constructor(
    public projection: DossierReportProjection,
    readonly chunks = new Map<string, unknown>(),
    readonly documents = new Map<string, unknown>(),
    readonly options = projectionOptions,
  ) {}

  /** A new process over the same store. */
  static from(other: Harness): Harness {
    const chunks = new Map(other.chunks);
    const projection = DossierReportProjection.restore(other.options, chunks);
    return new Harness(projection, chunks, new Map(other.documents), other.options);
  }

  feed(messages: KafkaBatchMessage[], batchSize = 40): { applied: number; duplicates: number } {
    const total = { applied: 0, duplicates: 0 };
    for (let i = 0; i < messages.length; i += batchSize) {
      const prepared = this.projection.prepareBatch(messages.slice(i, i + batchSize));
      const outcome = this.projection.applyBatch(prepared, this.documents);
      total.applied += outcome.applied;
      total.duplicates += outcome.duplicates;
      this.checkpoint();
    }
    return total;
  }

  checkpoint(): void {
    const prefix = `t:p0:v${++this.attempt}:`;
    const sweep = this.projection.takeArchive(prefix);
    for (const [key, doc] of sweep?.documents ?? []) this.documents.set(prefix + key, JSON.parse(JSON.stringify(doc)));
    for (const id of sweep?.garbage ?? []) this.documents.delete(id);
    for (const [key, value] of this.projection.takeCheckpointChanges()) {
      if (value === null) this.chunks.delete(key);
      else this.chunks.set(key, JSON.parse(JSON.stringify(value)));
    }
  }

  restore(): DossierReportProjection {
    return (this.projection = DossierReportProjection.restore(this.options, this.chunks));
  }
}

describe.each(FOLD_POLICIES)('DossierReportProjection archive (%s)', (_, options) => {
  const messages = events.map((e, i) => message(e, i));
  const live = new Harness(new DossierReportProjection(options), new Map(), new Map(), options);
  live.feed(messages);
  const plain = new DossierReportProjection({ ...options, archiveAfterMs: undefined });
  events.forEach((e, i) => plain.apply(message(e, i)));

  it('moves settled ended dossiers out of memory and keeps every figure and note', () => {
    const stats = live.projection.stats();
    expect(stats['archived']).toBeGreaterThan(50);
    expect(live.projection.dossierCount + stats['archived']).toBe(plain.dossierCount);
    expect(report(live.projection)).toEqual(report(plain));
    expect(report(plain)).toEqual(oracle(events));
    expect(publishedNotes(live.projection)).toEqual(publishedNotes(plain));
  });

  it('keeps the repeated-supplement figures (both parts) of windows ending mid-stream, as the oracle counts them', () => {
    const ends = ['2024-02-15', '2024-04-30', '2024-07-10', '2024-09-30'] as LocalDate[];
    const restored = DossierReportProjection.restore(options, live.chunks);
    const seen = { resolvedEarlyOrOnTime: 0, pendingInTime: 0 };
    for (const to of ends) {
      const expected = oracle(events, { ...window, to }).scoring.repeatedSupplement;
      for (const p of [live.projection, restored])
        expect(report(p, { ...window, to }).scoring.repeatedSupplement).toEqual(expected);
      seen.resolvedEarlyOrOnTime += expected.resolvedEarlyOrOnTime;
      seen.pendingInTime += expected.pendingInTime;
    }
    // Not a vacuous comparison: the stream has such dossiers, finished and pending.
    expect(seen.resolvedEarlyOrOnTime * seen.pendingInTime).toBeGreaterThan(0);
  });

  it('reads the repeated-supplement figures as 0 from a checkpoint written before their counters, the rest unchanged', () => {
    const restored = DossierReportProjection.restore(options, withoutCounters(live.chunks, NEW_COUNTERS));
    const expected = oracle(events);
    expect(expected.scoring.repeatedSupplement.resolvedEarlyOrOnTime).toBeGreaterThan(0);
    expect(report(restored)).toEqual({
      ...expected,
      scoring: { ...expected.scoring, repeatedSupplement: { resolvedEarlyOrOnTime: 0, pendingInTime: 0 } },
    });
  });

  it('keeps the months before the hot window compressed and publishes what a projection holding every month as rows does', () => {
    const stats = live.projection.stats();
    expect(stats['coldMonths']).toBeGreaterThanOrEqual(8);
    expect(stats['coldBytes']).toBeGreaterThan(0);
    const expected = publishedCounters(plain);
    expect(expected.size).toBeGreaterThan(100);
    expect(publishedCounters(live.projection)).toEqual(expected);
    expect(publishedCounters(DossierReportProjection.restore(options, live.chunks))).toEqual(expected);
  });

  it('restores open dossiers and the archived sums without reading any archive document', () => {
    const restored = DossierReportProjection.restore(options, live.chunks);
    expect(report(restored)).toEqual(report(plain));
    expect(publishedNotes(restored)).toEqual(publishedNotes(plain));
    expect(restored.stats()['archived']).toBe(live.projection.stats()['archived']);
    // Only open dossiers are in the state chunks.
    expect(restored.dossierCount).toBe(live.projection.dossierCount);
  });

  it('treats re-sent events of archived dossiers as duplicates, and a late event as the oracle says', () => {
    const harness = Harness.from(live);
    const archivedIds = [...new Set(events.map((e) => e.dossierId))].filter((id) => !harness.projection.isOpen(id));
    expect(archivedIds.length).toBeGreaterThan(10);
    const resent = events.filter((e) => archivedIds.slice(0, 10).includes(e.dossierId));
    const before = report(harness.projection);
    expect(harness.feed(resent.map((e, i) => message(e, 10_000 + i)))).toEqual({
      applied: 0,
      duplicates: resent.length,
    });
    expect(report(harness.projection)).toEqual(before);

    // A correction long after the end: the apology letter, a rating, a withdrawal that comes too late.
    const target = archivedIds[11];
    const last = events.filter((e) => e.dossierId === target).at(-1) as DossierEventV1;
    const late = [
      { ...last, eventId: `${target}-late-rating`, type: 'SatisfactionRated', score: 2 },
      { ...last, eventId: `${target}-late-digitized`, type: 'DossierDigitized' },
    ] as DossierEventV1[];
    expect(harness.feed(late.map((e, i) => message(e, 20_000 + i))).applied).toBe(2);
    expect(report(harness.projection)).toEqual(oracle([...events, ...late]));
    expect(report(harness.projection)).not.toEqual(before);
    // …and after a restore, with the dossier archived again or not, the same.
    const again = harness.restore();
    expect(report(again)).toEqual(oracle([...events, ...late]));
    expect(harness.feed(late.map((e, i) => message(e, 30_000 + i))).duplicates).toBe(2);
  });

  it('archives again once a brought-back dossier settles, and drops documents nothing needs', () => {
    const harness = Harness.from(live);
    const archivedIds = [...new Set(events.map((e) => e.dossierId))].filter((id) => !harness.projection.isOpen(id));
    // Every archived dossier gets a late event: every old document empties, then becomes garbage.
    const late = archivedIds.map((id) => {
      const last = events.filter((e) => e.dossierId === id).at(-1) as DossierEventV1;
      return { ...last, eventId: `${id}-late`, type: 'DossierDigitized' } as DossierEventV1;
    });
    const documentsBefore = new Set(harness.documents.keys());
    harness.feed(late.map((e, i) => message(e, 40_000 + i)));
    expect([...documentsBefore].filter((id) => harness.documents.has(id))).toEqual([]);
    // 31 days of event time later (one new dossier's receipt), they settle again.
    const receipt = events.find((e) => e.type === 'DossierReceived') as DossierEventV1;
    const future = new Date(Math.max(...events.map((e) => Date.parse(e.occurredAt))) + 31 * 86_400_000);
    harness.feed([
      message({ ...receipt, eventId: 'future', dossierId: 'FUTURE-1', occurredAt: future.toISOString() }, 50_000),
    ]);
    expect(harness.projection.stats()['archived']).toBeGreaterThanOrEqual(archivedIds.length);
    const all = [
      ...events,
      ...late,
      { ...receipt, eventId: 'future', dossierId: 'FUTURE-1', occurredAt: future.toISOString() },
    ];
    expect(report(harness.restore())).toEqual(oracle(all));
  });
});

describe('DossierReportProjection archive, earlier checkpoint format', () => {
  const live = new Harness(new DossierReportProjection(projectionOptions));
  live.feed(events.map((e, i) => message(e, i)));

  it('takes over a checkpoint of the earlier format (archived sums as counter chunks) without counting them twice', () => {
    const chunks = new Map([...live.chunks].map(([key, value]) => [key, asVersion1(value)]));
    expect([...chunks.keys()].filter((key) => key.startsWith('ac|')).length).toBeGreaterThan(0);
    // A new process that compresses the sums only when they are large: the old chunks stay until it does.
    const options = { ...projectionOptions, archiveFoldBytes: Number.MAX_SAFE_INTEGER };
    const harness = new Harness(
      DossierReportProjection.restore(options, chunks),
      chunks,
      new Map(live.documents),
      options,
    );
    const archivedIds = [...new Set(events.map((e) => e.dossierId))].filter((id) => !harness.projection.isOpen(id));
    // Late events bring archived dossiers back: their archived months change and are checkpointed.
    const late = archivedIds.slice(0, 5).map((id) => {
      const last = events.filter((e) => e.dossierId === id).at(-1) as DossierEventV1;
      return { ...last, eventId: `${id}-late-rating`, type: 'SatisfactionRated', score: 1 } as DossierEventV1;
    });
    expect(harness.feed(late.map((e, i) => message(e, 60_000 + i))).applied).toBe(late.length);
    expect(report(harness.restore())).toEqual(oracle([...events, ...late]));
  });
});

/**
 * The readers' side of a takeover: a new owner restores the last checkpoint and replays what the
 * killed one had already published. A reader keeps, per chunk, the value of the highest offset.
 */
describe('DossierReportProjection takeover after a kill', () => {
  const messages = events.map((e, i) => message(e, i));
  // Communes too: their chunks are sparse, so a stale one is not hidden by other dossiers' changes.
  const districts = registry.children('58', '2024-01-01').map((d) => d.code);
  const units = [
    '58',
    ...districts,
    ...districts.flatMap((d) => registry.children(d, '2024-01-01').map((c) => c.code)),
  ];
  const months = Array.from({ length: 12 }, (_, m) => {
    const last = new Date(Date.UTC(2024, m + 1, 0)).getUTCDate();
    const mm = String(m + 1).padStart(2, '0');
    return { from: `2024-${mm}-01` as LocalDate, to: `2024-${mm}-${last}` as LocalDate };
  });
  const facts = [...new Set(events.map((e) => e.dossierId))].map((id) =>
    foldDossier(events.filter((e) => e.dossierId === id)),
  );

  it('republishes a chunk only a state between two events of one batch touched', () => {
    // Received 22/09 due 30/09 (the overdue switch is on a day of October), resolved 28/09. The old
    // owner published between the receipt and the resolution; the new one folds both at once.
    const unitCode = registry.children(districts[0], '2024-01-01')[0].code;
    const base = { dossierId: 'SWITCH-1', unitCode };
    const story = [
      {
        ...base,
        eventId: 'sw-0',
        seq: 0,
        type: 'DossierReceived',
        occurredAt: '2024-09-22T15:04:00+07:00',
        channel: 'postal',
        procedureCode: 'LV08.3',
        fieldCode: 'LV08',
        dueAt: '2024-09-30T17:00:00+07:00',
        feeBearing: false,
      },
      {
        ...base,
        eventId: 'sw-1',
        seq: 1,
        type: 'DossierResolved',
        occurredAt: '2024-09-28T15:06:00+07:00',
        electronicResult: true,
      },
    ] as DossierEventV1[];
    const octoberKeys = (p: DossierReportProjection) =>
      [...p.takePublishChanges().keys()].filter((k) => k.endsWith(`|${unitCode}|2024-10`));
    const old = new DossierReportProjection(projectionOptions);
    old.applyBatch(old.prepareBatch([message(story[0], 0)]), new Map());
    const published = octoberKeys(old); // with the switch, in each era's chain
    expect(published.length).toBeGreaterThan(0);
    for (const markIntermediate of [false, true]) {
      const next = new DossierReportProjection(projectionOptions);
      next.applyBatch(next.prepareBatch(story.map((e, i) => message(e, i))), new Map(), { markIntermediate });
      expect(octoberKeys(next)).toEqual(markIntermediate ? published : []);
    }
  });

  it.each(Array.from({ length: 24 }, (_, i) => [i + 1]))('trial %i: the readers end exact', (trial) => {
    const random = seededRandomForTest(trial);
    const feed = new Map<string, { offset: bigint; chunk: unknown }>();
    const publish = (p: DossierReportProjection, offset: number) => {
      for (const [key, chunk] of p.takePublishChanges()) {
        const current = feed.get(key);
        if (!current || current.offset < BigInt(offset)) feed.set(key, { offset: BigInt(offset), chunk });
      }
    };
    // The runner asks for intermediate states while a new owner catches up (here: all of its run).
    const run = (
      harness: Harness,
      from: number,
      until: number,
      maxBatch: number,
      markIntermediate: boolean,
    ): number => {
      let next = from;
      while (next < until) {
        const size = 1 + Math.floor(random() * maxBatch);
        const batch = messages.slice(next, Math.min(until, next + size));
        harness.projection.applyBatch(harness.projection.prepareBatch(batch), harness.documents, { markIntermediate });
        next += batch.length;
        if (random() < 0.9) publish(harness.projection, next);
        if (random() < 0.2) {
          publish(harness.projection, next);
          harness.checkpoint();
          harness.offset = next;
        }
      }
      return next;
    };
    const first = new Harness(new DossierReportProjection(projectionOptions));
    run(first, 0, Math.floor(random() * messages.length), 5, false);
    const second = Harness.from(first);
    second.offset = first.offset;
    second.projection.markAllPublished();
    publish(second.projection, second.offset);
    run(second, second.offset, messages.length, messages.length, true);
    publish(second.projection, messages.length);

    const store = new CounterStore(DEFAULT_COUNTING_RULES);
    for (const [key, { chunk }] of feed) if (!isNoteChunkKey(key)) store.addChunk(chunk as CounterStoreChunk);
    for (const unitCode of units)
      for (const { from, to } of months) {
        const query = { era: ERA, from, to };
        expect({ unitCode, from, figures: readDossierReport(store, { ...query, unitCode }) }).toEqual({
          unitCode,
          from,
          figures: computeReportDirect(facts, hierarchy, query, unitCode),
        });
      }
  });
});
