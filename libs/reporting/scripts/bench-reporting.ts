/**
 * Speed of the aggregator's hot path, measured outside the tests:
 *   npx ts-node -r tsconfig-paths/register -P libs/reporting/tsconfig.spec.json -T libs/reporting/scripts/bench-reporting.ts [dossiers]
 * (TS_NODE_COMPILER_OPTIONS='{"module":"commonjs"}' may be needed.)
 */
import { fromDayNumber, parseIsoLocalDate, toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  applyContributions,
  CounterStore,
  diffContributions,
  dossierContributions,
  foldDossier,
  readDossierReport,
  type Contribution,
} from '../src/index';
import { DossierStory } from '../src/testing/dossier-story';
import { FakeHierarchy } from '../src/testing/fake-hierarchy';

const DOSSIERS = Number(process.argv[2] ?? 200_000);
const DISTRICTS = 10;
const COMMUNES_PER_DISTRICT = 20;
const FIELDS = 40;
const PROCEDURES = 300;

// Deterministic PRNG (mulberry32).
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number): boolean => random() < p;

// A province, 10 districts × 20 communes before 07/2025, mapped onto 40 new communes after.
const oldUnits: Record<string, { level: 'province' | 'district' | 'commune'; parent?: string }> = {
  P: { level: 'province' },
};
const newUnits: Record<string, { level: 'province' | 'commune'; parent?: string }> = { P: { level: 'province' } };
const mapping: Record<string, string> = {};
const communes: string[] = [];
const districts: string[] = [];
for (let d = 0; d < DISTRICTS; d++) {
  const district = `D${d}`;
  districts.push(district);
  oldUnits[district] = { level: 'district', parent: 'P' };
  mapping[district] = `N${d * 4}`;
  for (let c = 0; c < COMMUNES_PER_DISTRICT; c++) {
    const commune = `C${d}_${c}`;
    communes.push(commune);
    oldUnits[commune] = { level: 'commune', parent: district };
    mapping[commune] = `N${d * 4 + (c % 4)}`;
  }
}
for (let n = 0; n < DISTRICTS * 4; n++) newUnits[`N${n}`] = { level: 'commune', parent: 'P' };
const hierarchy = new FakeHierarchy([
  { era: 'vn-2023', units: oldUnits },
  { era: 'vn-2025', units: newUnits, mappedFrom: mapping },
]);

const START = toDayNumber(parseIsoLocalDate('2023-01-01'));
const SPAN = 730; // two years of receipts
const date = (day: number): string => fromDayNumber(day);

/** A plausible life: receipt, maybe supplement rounds, a transfer, payment, then resolution and hand-back. */
function dossierEvents(i: number): DossierEventV1[] {
  const unit = chance(0.7) ? pick(communes) : chance(0.8) ? pick(districts) : 'P';
  const received = START + Math.floor(random() * SPAN);
  let day = received;
  const due = received + 3 + Math.floor(random() * 12);
  const story = DossierStory.receive(`d${i}`, {
    unit,
    on: date(received),
    due: chance(0.95) ? date(due) : null,
    channel: chance(0.7) ? 'online' : chance(0.9) ? 'direct' : 'postal',
    field: `F${Math.floor(random() * FIELDS)}`,
    procedure: `PR${Math.floor(random() * PROCEDURES)}`,
    serviceLevel: chance(0.5) ? 'full' : 'partial',
    feeBearing: chance(0.3),
  });
  if (chance(0.5)) story.digitized(date(day));
  for (let round = 0; round < 2 && chance(0.3); round++) {
    day += 1 + Math.floor(random() * 3);
    story.supplementRequested(date(day));
    day += 1 + Math.floor(random() * 6);
    story.supplementReceived(date(day), date(day + 5));
  }
  if (chance(0.1)) story.transferred(date(day), pick(districts));
  if (chance(0.2)) {
    story.paymentRequested(date(day));
    story.paymentCompleted(date(++day), chance(0.5));
  }
  day += Math.floor(random() * 14);
  if (chance(0.05)) story.apology(date(day - 1));
  if (chance(0.03)) return story.returned(date(day)).events;
  if (chance(0.02)) return story.withdrawn(date(day)).events;
  if (chance(0.05)) return story.events; // still open
  story
    .resolved(date(day), chance(0.4))
    .resultReturned(date(day + Math.floor(random() * 3)), chance(0.4) ? 'electronic' : 'desk');
  if (chance(0.3)) story.rated(date(day + 3), 1 + Math.floor(random() * 5));
  return story.events;
}

/** Wall time and this process's CPU time (the machine is shared: CPU time is the steadier figure). */
function time<T>(label: string, count: number, unit: string, run: () => T): T {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const { user, system } = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  const cpuUs = (user + system) / count;
  console.log(
    `${label.padEnd(58)} cpu ${cpuUs.toFixed(2).padStart(9)} µs/${unit}  wall ${((ms * 1000) / count).toFixed(2).padStart(9)} µs/${unit}  (${count})`,
  );
  return result;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function main(): void {
  console.log(
    `node ${process.version}; ${DOSSIERS} dossiers, ${communes.length} communes, ${FIELDS} fields, ${PROCEDURES} procedures`,
  );
  const all = Array.from({ length: DOSSIERS }, (_, i) => dossierEvents(i));
  const eventCount = all.reduce((n, events) => n + events.length, 0);
  console.log(`events: ${eventCount} (${(eventCount / DOSSIERS).toFixed(1)} per dossier)`);

  // Warm-up so the JIT has compiled the hot functions.
  for (let i = 0; i < 20_000; i++) dossierContributions(foldDossier(all[i % all.length]));

  const facts = time('foldDossier', DOSSIERS, 'dossier', () => all.map((events) => foldDossier(events)));
  const contributions = time('dossierContributions', DOSSIERS, 'dossier', () =>
    facts.map((f) => dossierContributions(f)),
  );
  time('foldDossier + dossierContributions', DOSSIERS, 'dossier', () =>
    all.map((events) => dossierContributions(foldDossier(events))),
  );

  const store = new CounterStore();
  time('applyContributions (whole dossier, 2 eras, ~3 units each)', DOSSIERS, 'dossier', () => {
    for (const list of contributions) applyContributions(store, list, hierarchy);
  });

  // The aggregator's per-event path: refold the dossier with the new event, diff, apply.
  const replay = all.slice(0, Math.min(50_000, DOSSIERS));
  const replayEvents = replay.reduce((n, events) => n + events.length, 0);
  const incremental = new CounterStore();
  const previous = new Map<string, Contribution[]>();
  const seen = new Map<string, DossierEventV1[]>();
  let diffEntries = 0;
  time('per event: refold + contributions + diff + apply', replayEvents, 'event', () => {
    for (let step = 0; ; step++) {
      let any = false;
      for (const events of replay) {
        const event = events[step];
        if (event === undefined) continue;
        any = true;
        const list = seen.get(event.dossierId) ?? [];
        list.push(event);
        seen.set(event.dossierId, list);
        const next = dossierContributions(foldDossier(list));
        const diff = diffContributions(previous.get(event.dossierId) ?? [], next);
        diffEntries += diff.length;
        applyContributions(incremental, diff, hierarchy);
        previous.set(event.dossierId, next);
      }
      if (!any) break;
    }
  });
  console.log(`  diff entries per event: ${(diffEntries / replayEvents).toFixed(2)}`);
  // One event's diff applied to a warm store (the steady state), then undone.
  const diffs = replay.map((events) =>
    diffContributions(
      dossierContributions(foldDossier(events.slice(0, -1))),
      dossierContributions(foldDossier(events)),
    ),
  );
  const undo = diffs.map((diff) => diffContributions(diff, []));
  time('applyContributions of one event diff (warm store)', replay.length * 2, 'event', () => {
    for (let i = 0; i < diffs.length; i++) {
      applyContributions(incremental, diffs[i], hierarchy);
      applyContributions(incremental, undo[i], hierarchy);
    }
  });
  const reads: [string, string, string[], LocalDate, LocalDate][] = [
    [
      'province, one year, 10 district rows',
      'P',
      districts,
      parseIsoLocalDate('2024-01-01'),
      parseIsoLocalDate('2024-12-31'),
    ],
    ['province, one month', 'P', [], parseIsoLocalDate('2024-02-01'), parseIsoLocalDate('2024-02-29')],
    [
      'district, one year, 20 commune rows',
      'D3',
      communes.filter((c) => c.startsWith('C3_')),
      parseIsoLocalDate('2024-01-01'),
      parseIsoLocalDate('2024-12-31'),
    ],
    ['commune, statutory cut-off month', 'C3_7', [], parseIsoLocalDate('2024-01-15'), parseIsoLocalDate('2024-02-14')],
  ];
  for (const [label, unitCode, childUnitCodes, from, to] of reads) {
    const query = { era: 'vn-2023', unitCode, from, to, childUnitCodes };
    for (let i = 0; i < 20; i++) readDossierReport(store, query);
    const samples: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      readDossierReport(store, query);
      samples.push(performance.now() - started);
    }
    const { user, system } = process.cpuUsage(cpu);
    samples.sort((a, b) => a - b);
    const cpuMs = (user + system) / 1000 / samples.length;
    console.log(
      `read ${label.padEnd(40)} cpu mean ${cpuMs.toFixed(3)} ms  wall p50 ${percentile(samples, 0.5).toFixed(3)}  p99 ${percentile(samples, 0.99).toFixed(3)} ms`,
    );
  }
  const newEra = {
    era: 'vn-2025',
    unitCode: 'P',
    from: parseIsoLocalDate('2024-01-01'),
    to: parseIsoLocalDate('2024-12-31'),
  };
  time('read province one year, new era (40 communes, no child rows)', 100, 'read', () => {
    for (let i = 0; i < 100; i++) readDossierReport(store, newEra);
  });

  const chunks = time('toChunks (whole store)', 1, 'store', () => store.toChunks());
  let series = 0;
  let rows = 0;
  let nonZero = 0;
  for (const chunk of chunks) {
    for (const [, , flat] of chunk.series) {
      series++;
      for (let i = 0; i < flat.length; i += 2 + 2 * flat[i + 1]) {
        rows++;
        nonZero += flat[i + 1];
      }
    }
  }
  console.log(
    `store shape: ${series} field series, ${rows} day rows, ${(nonZero / rows).toFixed(1)} non-zero counters per row`,
  );
  const json = JSON.stringify(chunks);
  if (process.env['BENCH_DUMP']) writeFileSync(process.env['BENCH_DUMP'], json);
  const stats = store.stats();
  console.log(
    `store: ${stats.units} units, ${stats.fieldSeries} field series, ${stats.procedureSeries} procedure series, counter pages ${(stats.arenaBytes / 1e6).toFixed(0)} MB; ` +
      `${chunks.length} chunks, ${(json.length / 1e6).toFixed(1)} MB JSON; process heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB (events and facts included)`,
  );
  time('fromChunks (whole store)', 1, 'store', () => CounterStore.fromChunks(JSON.parse(json)));
}

main();
