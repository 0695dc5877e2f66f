// npm run bench -- scoring [--dossiers N] [--repeats R]
// Ranking latency of the scoring service over the built aggregator whose read model holds a generated
// province-year (fed through the events topic, as intake writes it): all districts of the province,
// and all its communes (one by=child aggregator call per district), over a month and the year. Beside
// each ranking, the aggregator calls it makes, timed alone (the ceiling: scoring cannot be faster).
import type { LocalDate } from '@dossier-ledger/calendar';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { BenchRun } from '../shared/bench-services';
import { machineLine } from '../shared/machine';
import { fmt, percentile, pool, sleep, timed } from '../shared/measure';
import { provinceYear } from '../shared/province-year';

export interface ScoringBenchOptions {
  dossiers: number;
  /** Timed requests per ranking (after 3 warm-up requests). */
  repeats: number;
}

const WARM_UP = 3;
/** Report calls in flight for one ranking: scoring's default REPORT_API_CONCURRENCY. */
const CONCURRENCY = 8;

async function latencies(repeats: number, request: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARM_UP; i++) await request();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) samples.push((await timed(request)).ms);
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
}

async function getOk(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

export async function runScoringBench(options: ScoringBenchOptions): Promise<string> {
  const registry = loadDefaultUnitRegistry();
  const traffic = provinceYear({ dossiers: options.dossiers, registry });
  const province = traffic.province.code;
  const y = traffic.year;
  const run = new BenchRun('scoring');
  console.error(`Generating a province-year of ${fmt(options.dossiers)} dossiers (province ${province})`);
  const events = [...traffic.days()].flat();
  const key = await run.createKey([province], ['read']);
  let aggregator: Awaited<ReturnType<BenchRun['startAggregator']>> | undefined;
  let scoring: Awaited<ReturnType<BenchRun['startScoring']>> | undefined;
  const rows: string[] = [];
  try {
    const ends = await run.fillEventsTopic(events);

    aggregator = await run.startAggregator();
    const api = aggregator;
    for (;;) {
      const health = (await (await fetch(`${api.baseUrl}/health`)).json()) as {
        details: { readModel: { coveredOffsets: Record<string, string> } };
      };
      if (Object.entries(ends).every(([p, high]) => health.details.readModel.coveredOffsets[p] === high)) break;
      await sleep(2_000);
    }
    console.error('Read model filled; starting scoring');
    scoring = await run.startScoring(api.baseUrl);
    const scoringUrl = scoring.baseUrl;
    const headers = { authorization: `Bearer ${key}` };

    const windows = [
      { label: 'month', from: `${y}-03-01` as LocalDate, to: `${y}-03-31` as LocalDate },
      { label: 'year', from: `${y}-01-01` as LocalDate, to: `${y}-12-31` as LocalDate },
    ];
    const districts = registry.children(province, windows[0].to);
    const communes = districts.flatMap((d) => registry.children(d.code, windows[0].to));
    for (const window of windows) {
      for (const [level, ranked, parents] of [
        ['district', districts.length, [province]],
        ['commune', communes.length, districts.map((d) => d.code)],
      ] as const) {
        console.error(`Ranking ${ranked} ${level}s of ${province}, ${window.label}`);
        // The first request stores every score (none stored yet): what a ranking costs right after its figures changed.
        const firstStarted = performance.now();
        await getOk(
          `${scoringUrl}/v1/rankings?parent=${province}&level=${level}&from=${window.from}&to=${window.to}`,
          headers,
        );
        const first = performance.now() - firstStarted;
        const ranking = await latencies(options.repeats, () =>
          getOk(
            `${scoringUrl}/v1/rankings?parent=${province}&level=${level}&from=${window.from}&to=${window.to}`,
            headers,
          ),
        );
        // The same report calls scoring makes, alone: the ceiling.
        const calls = await latencies(options.repeats, () =>
          pool(
            parents.map(
              (unit) => () =>
                getOk(
                  `${api.baseUrl}/v1/reports/dossiers?unit=${unit}&from=${window.from}&to=${window.to}&by=child`,
                  headers,
                ).then(() => undefined),
            ),
            CONCURRENCY,
          ),
        );
        rows.push(
          `| all ${ranked} ${level}s of ${province}, ${window.label} (${window.from} → ${window.to}) | ${parents.length} | ` +
            `${fmt(first, 1)} ms | **${fmt(ranking.p50, 1)} / ${fmt(ranking.p95, 1)} ms** | ${fmt(calls.p50, 1)} / ${fmt(calls.p95, 1)} ms | ${fmt(ranking.p50 - calls.p50, 1)} ms |`,
        );
        console.error(rows[rows.length - 1]);
      }
    }
  } finally {
    await scoring?.stop();
    await aggregator?.stop();
    await run.cleanUp();
  }
  const dossiers = new Set(events.map((e) => e.dossierId)).size;
  return [
    `Machine: ${machineLine()}`,
    `Read model: province ${province} (${traffic.datasetId}, ${traffic.units.length} units), ${fmt(dossiers)} dossiers, ${fmt(events.length)} events, receipts over ${y}. ` +
      `Requests one at a time, ${options.repeats} per ranking after ${WARM_UP} warm-up; rule set 766; each ranking stores the scores it has not stored yet (one insertMany) and reads manual inputs through the cache, as the service does.`,
    '',
    `| ranking (GET /v1/rankings) | aggregator calls (by=child, ≤ ${CONCURRENCY} at once) | first request (every score new) | scoring p50 / p95 (target < 200 ms) | the aggregator calls alone p50 / p95 (ceiling) | scoring's own share (p50 difference) |`,
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
