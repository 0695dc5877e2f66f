// npm run bench -- scoring [--dossiers N] [--repeats R]
// Ranking latency of the scoring service over the built aggregator whose read model holds a generated
// province-year (fed through the events topic, as intake writes it): the districts of the province and
// the communes of its largest district (a unit's peers, as the dashboard shows them: one by=child
// call), and all its communes (one by=child call per district). Each ranking first over 12 months
// (every score new), then again and again over the year. Beside it, the aggregator calls it makes,
// timed alone (the ceiling: scoring cannot be faster).
import { monthPeriod, type LocalDate } from '@dossier-ledger/calendar';
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

type Window = { from: LocalDate; to: LocalDate };

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

    const ranking = (parent: string, level: string | undefined, window: Window) =>
      getOk(
        `${scoringUrl}/v1/rankings?parent=${parent}${level ? `&level=${level}` : ''}&from=${window.from}&to=${window.to}`,
        headers,
      );
    const byChild = (parents: readonly string[], window: Window) =>
      pool(
        parents.map(
          (unit) => () =>
            getOk(
              `${api.baseUrl}/v1/reports/dossiers?unit=${unit}&from=${window.from}&to=${window.to}&by=child`,
              headers,
            ).then(() => undefined),
        ),
        CONCURRENCY,
      );
    // Twelve months: the first ranking of each stores every score (none stored yet), what a ranking
    // costs right after its figures changed; then the year, asked again and again.
    const months = Array.from({ length: 12 }, (_, i): Window => monthPeriod(y, i + 1));
    const year: Window = { from: `${y}-01-01` as LocalDate, to: `${y}-12-31` as LocalDate };
    const districts = registry.children(province, year.to);
    const largest = [...districts].sort(
      (a, b) => registry.children(b.code, year.to).length - registry.children(a.code, year.to).length,
    )[0];
    const rankings = [
      {
        label: `the ${districts.length} districts of ${province}`,
        parent: province,
        level: undefined,
        parents: [province],
      },
      {
        label: `the ${registry.children(largest.code, year.to).length} communes of district ${largest.code}`,
        parent: largest.code,
        level: undefined,
        parents: [largest.code],
      },
      {
        label: `all ${districts.reduce((n, d) => n + registry.children(d.code, year.to).length, 0)} communes of ${province} (level=commune)`,
        parent: province,
        level: 'commune',
        parents: districts.map((d) => d.code),
      },
    ];
    for (const { label, parent, level, parents } of rankings) {
      console.error(`Ranking ${label}`);
      const firsts: number[] = [];
      for (const month of months) firsts.push((await timed(() => ranking(parent, level, month))).ms);
      const warm = await latencies(options.repeats, () => ranking(parent, level, year));
      // The same report calls scoring makes, alone: the ceiling.
      const calls = await latencies(options.repeats, () => byChild(parents, year));
      firsts.sort((a, b) => a - b);
      rows.push(
        `| ${label} | ${parents.length} | ${fmt(percentile(firsts, 0.5), 1)} / ${fmt(percentile(firsts, 0.95), 1)} ms | ` +
          `**${fmt(warm.p50, 1)} / ${fmt(warm.p95, 1)} ms** | ${fmt(calls.p50, 1)} / ${fmt(calls.p95, 1)} ms | ${fmt(warm.p50 - calls.p50, 1)} ms |`,
      );
      console.error(rows[rows.length - 1]);
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
      `Requests one at a time; rule set 766. "First": the first ranking of each of the 12 months (every score new, stored in the background as the service does). "Again": the year, ${options.repeats} times after ${WARM_UP} warm-up.`,
    '',
    `| ranking (GET /v1/rankings) | aggregator calls (by=child, ≤ ${CONCURRENCY} at once) | first request p50 / p95 (12 months) | again p50 / p95 (year) | the aggregator calls alone p50 / p95 (ceiling, year) | scoring's own share (p50 difference) |`,
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
