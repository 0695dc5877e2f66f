// The report aggregator's projections alone, in memory: no Kafka, no store. The province-year's events
// are encoded first into off-heap pages (the generator leaves memory before the replay, as in the
// replay bench), then applied to 8 DossierReportProjections in batches per partition, with an archive
// sweep, a checkpoint take and a publication take whenever a sweep is due (archive documents are kept
// as JSON buffers, like a store). It shows where the apply time goes as the state grows — the part of
// `bench -- replay` that is neither Kafka nor FerretDB. Optionally writes a CPU profile of one window.
import type { KafkaBatchMessage } from '@dossier-ledger/platform';
import { DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import {
  AggregatorEnv,
  DossierReportProjection,
  RegistryUnitHierarchy,
  encodeDossierEventRecord,
  projectionOptionsFromEnv,
} from '@dossier-ledger/aggregation';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { benchReport } from '../shared/machine';
import { fmt } from '../shared/measure';
import { settledHeap } from '../shared/peak-memory';
import { provinceYear } from '../shared/province-year';

export interface ProjectionBenchOptions {
  dossiers: number;
  /** Stop after this many events (the whole year by default). */
  events: number;
  /** [from, to) in events: a CPU profile of that window, written to `profileFile`. */
  profile?: readonly [number, number];
  profileFile: string;
}

const PARTITIONS = 8;
const BATCH = 300;
const PAGE_BYTES = 64 * 2 ** 20;
const PROGRESS_EVERY = 500_000;

/** Encoded records in 64 MB pages: no JS object per record while they wait. */
class RecordPages {
  private readonly pages: Buffer[] = [Buffer.allocUnsafe(PAGE_BYTES)];
  private at = 0;
  /** page, start, key length, value length per record. */
  private readonly index: number[] = [];

  get size(): number {
    return this.index.length / 4;
  }

  push(key: string, value: string): void {
    const keyLength = Buffer.byteLength(key);
    const valueLength = Buffer.byteLength(value);
    if (this.at + keyLength + valueLength > PAGE_BYTES) {
      this.pages.push(Buffer.allocUnsafe(PAGE_BYTES));
      this.at = 0;
    }
    const page = this.pages[this.pages.length - 1];
    page.write(key, this.at);
    page.write(value, this.at + keyLength);
    this.index.push(this.pages.length - 1, this.at, keyLength, valueLength);
    this.at += keyLength + valueLength;
  }

  *records(): Generator<{ key: Buffer; value: Buffer }> {
    for (let i = 0; i < this.index.length; i += 4) {
      const bytes = this.pages[this.index[i]];
      const start = this.index[i + 1];
      const keyLength = this.index[i + 2];
      const valueLength = this.index[i + 3];
      yield {
        key: bytes.subarray(start, start + keyLength),
        value: bytes.subarray(start + keyLength, start + keyLength + valueLength),
      };
    }
  }
}

/** Archive documents as a store keeps them: serialized, outside the JS heap. */
class DocumentStore extends Map<string, unknown> {
  override set(id: string, document: unknown): this {
    return super.set(id, Buffer.from(JSON.stringify(document)));
  }
  override get(id: string): unknown {
    const bytes = super.get(id) as Buffer | undefined;
    return bytes && JSON.parse(bytes.toString());
  }
}

/** Time spent per part of the work (ms). */
class Parts {
  readonly ms = { apply: 0, sweep: 0, checkpoint: 0, publish: 0 };
  time<T>(part: keyof Parts['ms'], run: () => T): T {
    const started = performance.now();
    try {
      return run();
    } finally {
      this.ms[part] += performance.now() - started;
    }
  }
}

export async function runProjectionBench(options: ProjectionBenchOptions): Promise<string> {
  const hierarchy = new RegistryUnitHierarchy(loadDefaultUnitRegistry());
  const projectionOptions = {
    rules: DEFAULT_COUNTING_RULES,
    hierarchy,
    ...projectionOptionsFromEnv(new AggregatorEnv()),
  };
  const projections = Array.from({ length: PARTITIONS }, () => new DossierReportProjection(projectionOptions));

  console.error(`Encoding the province-year of ${fmt(options.dossiers)} dossiers`);
  const pages = new RecordPages();
  generate: for (const day of provinceYear({ dossiers: options.dossiers, year: 2024 }).days()) {
    for (const event of day) {
      const record = encodeDossierEventRecord({ source: 'bench', receivedAt: null, event });
      pages.push(record.key, record.value);
      if (pages.size >= options.events) break generate;
    }
  }
  const heapBefore = settledHeap();

  const documents = new DocumentStore();
  const pending: KafkaBatchMessage[][] = projections.map(() => []);
  const parts = new Parts();
  let sweeps = 0;
  const flush = (partition: number) => {
    const projection = projections[partition];
    const messages = pending[partition];
    pending[partition] = [];
    parts.time('apply', () => projection.applyBatch(projection.prepareBatch(messages), documents));
    if (!projection.archiveDue) return;
    const prefix = `bench:${sweeps++}:`;
    const sweep = parts.time('sweep', () => projection.takeArchive(prefix));
    for (const [key, document] of sweep?.documents ?? []) documents.set(prefix + key, document);
    for (const id of sweep?.garbage ?? []) documents.delete(id);
    parts.time('checkpoint', () => projection.takeCheckpointChanges());
    parts.time('publish', () => projection.takePublishChanges());
  };

  const profiler = options.profile ? new WindowProfiler(options.profile, options.profileFile) : undefined;
  console.error(`Applying ${fmt(pages.size)} events`);
  const started = performance.now();
  let windowStarted = started;
  let n = 0;
  for (const { key, value } of pages.records()) {
    const partition = partitionOf(key);
    pending[partition].push({ offset: String(n), key, value, timestamp: '0' });
    if (pending[partition].length >= BATCH) flush(partition);
    n++;
    profiler?.at(n);
    if (n % PROGRESS_EVERY === 0) {
      const now = performance.now();
      const heap = process.memoryUsage().heapUsed / 2 ** 20;
      const state = sumStats(projections);
      console.error(
        `  ${fmt(n)} events | ${fmt(PROGRESS_EVERY / ((now - windowStarted) / 1000))} events/s now | heap ${fmt(heap)} MB | ` +
          `dossiers ${fmt(state('dossiers'))} open, ${fmt(state('archived'))} archived, ${fmt(state('notes'))} notes | ` +
          `counter rows ${fmt(state('rowBytes') / 2 ** 20)} MB, archived-sum rows ${fmt(state('archivedSumsRowBytes') / 2 ** 20)} MB`,
      );
      windowStarted = now;
    }
  }
  pending.forEach((messages, partition) => messages.length > 0 && flush(partition));
  const seconds = (performance.now() - started) / 1000;
  const heapAfter = settledHeap();

  const sum = sumStats(projections);
  const share = (ms: number) => `${fmt(ms / 1000, 1)} s (${fmt((100 * ms) / 1000 / seconds)} %)`;
  const rows: [string, string][] = [
    ['events (dossiers)', `${fmt(n)} (${fmt(options.dossiers)} in the year)`],
    ['settle days, smallest sweep, hot months', describeOptions(projectionOptions)],
    ['apply rate (8 projections, one thread)', `**${fmt(n / seconds)} events/s** (${fmt(seconds, 1)} s)`],
    ['of which: batches applied', share(parts.ms.apply)],
    ['of which: archive sweeps', share(parts.ms.sweep)],
    ['of which: checkpoint changes taken', share(parts.ms.checkpoint)],
    ['of which: publication taken', share(parts.ms.publish)],
    [
      'dossiers in memory / archived / notes',
      `${fmt(sum('dossiers'))} / ${fmt(sum('archived'))} / ${fmt(sum('notes'))}`,
    ],
    [
      'counter rows / compressed months (bytes)',
      `${fmt(sum('rowBytes') / 2 ** 20)} MB / ${fmt(sum('coldBytes') / 2 ** 20, 1)} MB`,
    ],
    [
      'archived sums: rows / compressed (bytes)',
      `${fmt(sum('archivedSumsRowBytes') / 2 ** 20)} MB / ${fmt(sum('archivedSumsColdBytes') / 2 ** 20, 1)} MB`,
    ],
    ['JS heap after − before the apply (after a GC each)', `${fmt((heapAfter - heapBefore) / 2 ** 20)} MB`],
  ];
  return benchReport(rows);
}

/** A stat summed over the partitions. */
function sumStats(projections: readonly DossierReportProjection[]): (name: string) => number {
  const stats = projections.map((p) => p.stats());
  return (name) => stats.reduce((total, s) => total + (s[name] ?? 0), 0);
}

function describeOptions(options: ReturnType<typeof projectionOptionsFromEnv>): string {
  const settle = options.archiveAfterMs === undefined ? 'never' : `${options.archiveAfterMs / 86_400_000}`;
  return `${settle}, ${options.archiveMinDossiers}, ${options.hotMonths} (ARCHIVE_SETTLE_DAYS, ARCHIVE_MIN_DOSSIERS, COUNTER_HOT_MONTHS)`;
}

/** The partition a key goes to: a stable hash of the dossier id (the bench's own; Kafka's is no matter here). */
function partitionOf(key: Buffer): number {
  let hash = 0;
  for (const byte of key) hash = (hash * 31 + byte) | 0;
  return Math.abs(hash) % PARTITIONS;
}

/** A CPU profile of the events [from, to), through the inspector (synchronous on the main thread). */
class WindowProfiler {
  private readonly session = new Session();

  constructor(
    private readonly window: readonly [number, number],
    private readonly file: string,
  ) {
    this.session.connect();
  }

  at(event: number): void {
    const [from, to] = this.window;
    if (event === from) this.session.post('Profiler.enable', () => this.session.post('Profiler.start'));
    if (event === to)
      this.session.post('Profiler.stop', (error, result) => {
        if (error) throw error;
        writeFileSync(this.file, JSON.stringify(result.profile));
        console.error(`  CPU profile of events ${fmt(from)}–${fmt(to)} written to ${this.file}`);
      });
  }
}
