import { EVENTS_COLLECTION, storedEvent, toStoredEvent, type StoredEventDocument } from '@dossier-ledger/contracts';
// npm run bench -- reports [--dossiers N] [--repeats R] [--store on|off]
// Report latency through the HTTP API of the built aggregator whose read model holds a generated
// province-year (fed through the events topic, as intake writes it), for a province, its busiest
// district and that district's busiest commune, over a month and the year, by=child. Beside each,
// the same report aggregated from the raw events at query time: group + fold + computeReportDirect
// (the oracle) over the events in memory, and (--store on) read back from FerretDB in the intake's
// event-store layout first. Then scoring rankings over that aggregator, and every service's peak RSS.
import type { LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1, DossierReportDto } from '@dossier-ledger/contracts';
import {
  computeReportDirect,
  DEFAULT_COUNTING_RULES,
  foldDossier,
  type DossierReport,
} from '@dossier-ledger/reporting';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { RegistryUnitHierarchy } from '@dossier-ledger/aggregation';
import { BenchRun } from '../shared/bench-services';
import { machineLine, measureTable } from '../shared/machine';
import { fetchRetrying } from '../shared/http';
import { fmt, percentile, sleep, timed } from '../shared/measure';
import { describeMemory, processMemory } from '../shared/peak-memory';
import { provinceYear } from '../shared/province-year';

export interface ReportsBenchOptions {
  dossiers: number;
  /** Timed API requests per query (after 5 warm-up requests). */
  repeats: number;
  store: 'on' | 'off';
}

interface Query {
  label: string;
  unit: string;
  from: LocalDate;
  to: LocalDate;
}

const DIRECT_REPEATS = 3;
const STORE_REPEATS = 2;

export async function runReportsBench(options: ReportsBenchOptions): Promise<string> {
  const registry = loadDefaultUnitRegistry();
  const hierarchy = new RegistryUnitHierarchy(registry);
  const traffic = provinceYear({ dossiers: options.dossiers, registry });
  const run = new BenchRun('reports');
  console.error(`Generating a province-year of ${fmt(options.dossiers)} dossiers (province ${traffic.province.code})`);
  const events: DossierEventV1[] = [];
  for (const day of traffic.days()) for (const event of day) events.push(event);
  const dossierCount = new Set(events.map((e) => e.dossierId)).size;
  const { district, commune } = traffic.busiest;
  const y = traffic.year;
  const queries: Query[] = [
    ...[traffic.province, district, commune].flatMap((unit) => [
      {
        label: `${unit.level} ${unit.code}, month`,
        unit: unit.code,
        from: `${y}-03-01` as LocalDate,
        to: `${y}-03-31` as LocalDate,
      },
      {
        label: `${unit.level} ${unit.code}, year`,
        unit: unit.code,
        from: `${y}-01-01` as LocalDate,
        to: `${y}-12-31` as LocalDate,
      },
    ]),
  ];

  const key = await run.createKey([traffic.province.code], ['read']);
  let aggregator: Awaited<ReturnType<BenchRun['startAggregator']>> | undefined;
  let scoring: Awaited<ReturnType<BenchRun['startScoring']>> | undefined;
  const rows: string[] = [];
  const side: [string, string][] = [];
  try {
    const ends = await run.fillEventsTopic(events);

    // The aggregator starts on a full topic: a catch-up, then the read model holds the province-year.
    run.buildAggregator();
    const load = await timed(async () => {
      aggregator = await run.startAggregator();
      for (let last = ''; ; await sleep(2_000)) {
        const health = (await fetchRetrying(`${aggregator.baseUrl}/health`)
          .then((r) => r.json())
          .catch(() => undefined)) as
          { details: { readModel: { coveredOffsets: Record<string, string>; chunks: number } } } | undefined;
        if (!health) continue;
        const covered = health.details.readModel.coveredOffsets;
        const done = Object.entries(ends).filter(([p, high]) => covered[p] === high).length;
        const line = `read model covers ${done}/${Object.keys(ends).length} partitions to their end`;
        if (line !== last) console.error(line);
        last = line;
        if (done === Object.keys(ends).length) return health.details.readModel.chunks;
      }
    });
    const api = aggregator as unknown as NonNullable<typeof aggregator>;
    side.push([
      'catch-up of the aggregator (start, consume, apply, checkpoint, publish, read back)',
      `${fmt(load.ms / 1000, 1)} s, ${fmt(events.length / (load.ms / 1000))} events/s; read model: ${fmt(load.value)} counter chunks`,
    ]);

    const headers = { authorization: `Bearer ${key}` };
    const get = async (query: Query) => {
      const response = await fetchRetrying(
        `${api.baseUrl}/v1/reports/dossiers?unit=${query.unit}&from=${query.from}&to=${query.to}&by=child`,
        { headers },
      );
      if (response.status !== 200)
        throw new Error(`report API ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return (await response.json()) as DossierReportDto;
    };
    const direct = (source: readonly DossierEventV1[], query: Query): DossierReport => {
      const byDossier = new Map<string, DossierEventV1[]>();
      for (const event of source) {
        const list = byDossier.get(event.dossierId);
        if (list) list.push(event);
        else byDossier.set(event.dossierId, [event]);
      }
      const facts = [...byDossier.values()].map((list) => foldDossier(list, DEFAULT_COUNTING_RULES));
      const era = registry.eraOn(query.to)?.id as string;
      const childUnitCodes = registry.children(query.unit, query.to).map((c) => c.code);
      return computeReportDirect(
        facts,
        hierarchy,
        { era, from: query.from, to: query.to, childUnitCodes },
        query.unit,
        DEFAULT_COUNTING_RULES,
      );
    };
    const same = (a: DossierReportDto, b: DossierReport) =>
      JSON.stringify([a.received, a.resolved, a.pending]) === JSON.stringify([b.received, b.resolved, b.pending]);

    let storeMs: Map<string, number[]> | undefined;
    if (options.store === 'on') {
      console.error(`Storing the events in FerretDB as the intake stores them (${EVENTS_COLLECTION})`);
      const stored = await run.withDb(async (db) => {
        const collection = db.collection<StoredEventDocument>(EVENTS_COLLECTION);
        const at = new Date();
        const insert = await timed(async () => {
          for (let i = 0; i < events.length; i += 5_000)
            await collection.insertMany(
              events.slice(i, i + 5_000).map((e) => toStoredEvent('bench', e, at, run.id)),
              { ordered: false },
            );
        });
        // The province-wide and the smallest query: a query-time reader must scan the store either way
        // (FerretDB reaches no index but _id; the unit is inside each dossier's events).
        const times = new Map<string, number[]>();
        for (const query of [queries[1], queries[4]]) {
          for (let r = 0; r < STORE_REPEATS; r++) {
            const t = await timed(async () => direct((await collection.find({}).toArray()).map(storedEvent), query));
            times.set(query.label, [...(times.get(query.label) ?? []), t.ms]);
          }
        }
        return { insertMs: insert.ms, times };
      });
      storeMs = stored.times;
      side.push([
        'events stored for the store variant (insertMany, 5,000 per call)',
        `${fmt(events.length)} in ${fmt(stored.insertMs / 1000, 1)} s`,
      ]);
    }

    console.error('Report API latency and query-time aggregation');
    for (const query of queries) {
      for (let i = 0; i < 5; i++) await get(query);
      const latencies: number[] = [];
      let answer: DossierReportDto | undefined;
      for (let i = 0; i < options.repeats; i++) {
        const t = await timed(() => get(query));
        latencies.push(t.ms);
        answer = t.value;
      }
      const directMs: number[] = [];
      let oracle: DossierReport | undefined;
      for (let r = 0; r < DIRECT_REPEATS; r++) {
        const t = await timed(async () => direct(events, query));
        directMs.push(t.ms);
        oracle = t.value;
      }
      latencies.sort((a, b) => a - b);
      directMs.sort((a, b) => a - b);
      const p50 = percentile(latencies, 0.5);
      const p95 = percentile(latencies, 0.95);
      const memoryMedian = percentile(directMs, 0.5);
      const fromStore = storeMs?.get(query.label);
      const storeMedian = fromStore ? [...fromStore].sort((a, b) => a - b)[0] : undefined;
      rows.push(
        `| ${query.label} (${query.from} → ${query.to}, by=child, ${answer?.rows?.length ?? 0} rows) | ` +
          `**${fmt(p50, 1)} / ${fmt(p95, 1)} ms** | ${fmt(memoryMedian)} ms | **${fmt(memoryMedian / p95)} ×** | ` +
          `${storeMedian === undefined ? '–' : `${fmt(storeMedian)} ms (${fmt(storeMedian / p95)} ×)`} | ${answer && oracle && same(answer, oracle) ? 'yes' : 'NO'} |`,
      );
    }

    console.error('Scoring rankings over the aggregator (peak memory of scoring)');
    scoring = await run.startScoring(api.baseUrl);
    const scoringUrl = scoring.baseUrl;
    const rankings = [traffic.province.code, district.code].flatMap((parent) => [
      `/v1/rankings?parent=${parent}&from=${y}-03-01&to=${y}-03-31`,
      `/v1/rankings?parent=${parent}&from=${y}-01-01&to=${y}-12-31`,
    ]);
    const scoringMs: number[] = [];
    for (let r = 0; r < 5; r++) {
      for (const path of rankings) {
        const t = await timed(() => fetchRetrying(scoringUrl + path, { headers }));
        if (t.value.status !== 200)
          throw new Error(`scoring ${path}: ${t.value.status} ${(await t.value.text()).slice(0, 300)}`);
        await t.value.arrayBuffer();
        scoringMs.push(t.ms);
      }
    }
    scoringMs.sort((a, b) => a - b);
    side.push([
      `scoring: ${rankings.length} rankings (province → ${traffic.units.filter((u) => u.level === 'district').length} districts, district ${district.code} → its communes; month, year) × 5`,
      `p50 ${fmt(percentile(scoringMs, 0.5))} ms, max ${fmt(scoringMs[scoringMs.length - 1])} ms`,
    ]);
    side.push([
      'peak RSS (VmHWM): aggregator (catch-up of the province-year, then the queries)',
      describeMemory(processMemory(api.pid)),
    ]);
    side.push(['peak RSS (VmHWM): scoring (the rankings above)', describeMemory(processMemory(scoring.pid))]);
    side.push([
      'peak RSS (VmHWM): this benchmark process (events in memory, oracle folds)',
      describeMemory(processMemory(process.pid)),
    ]);
  } finally {
    await scoring?.stop();
    await aggregator?.stop();
    await run.cleanUp();
  }
  return [
    `Machine: ${machineLine()}`,
    `Read model: province ${traffic.province.code} (${traffic.datasetId}, ${traffic.units.length} units), ${fmt(dossierCount)} dossiers, ${fmt(events.length)} events (${fmt(events.length / dossierCount, 2)} per dossier), receipts over ${traffic.year}; API requests one at a time, ${options.repeats} per query after 5 warm-up.`,
    '',
    `| query | API p50 / p95 (goal p95 < 50 ms) | query-time aggregation in memory, median of ${DIRECT_REPEATS} (group + fold + computeReportDirect) | ratio to API p95 (goal ≥ 100 ×) | same, events read from FerretDB first (best of ${STORE_REPEATS}) | API = oracle |`,
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...measureTable(side),
  ].join('\n');
}
