// npm run bench -- live [--rate 2000] [--seconds 60] [--dossiers N] [--consumers on|off] [--scoring on|off] [--chart docs/PREFIX]
// Live lag: the real intake and aggregator processes, an open-loop load of `rate` events/s through
// POST /v1/events (a batch every 100 ms, up to 8 requests in flight) taken from a realistic
// province-year, and every 500 ms a probe: a new dossier received in a commune of another province
// (one the traffic never touches) on the traffic's current day, sent inside a traffic batch. Its lag
// runs from the batch's 202 to the first report-API answer whose `received.inPeriod.total` for that
// unit and day counts it (not `received.total`: that includes the dossiers carried over from before
// the day). Beside it, the ceiling: the same rate through raw
// kafkajs produce → consume (same topic layout, the intake's producer settings). Prints a table; with
// --chart, draws the lag (p50 / p99 per 30 s) and every service's RSS (every 5 s) over time (the soak).
import { addDays, type LocalDate } from '@dossier-ledger/calendar';
import { TOPICS, type DossierEventV1 } from '@dossier-ledger/contracts';
import { ensureTopics } from '@dossier-ledger/platform';
import { Partitioners } from 'kafkajs';
import { encodeDossierEventRecord } from '@dossier-ledger/aggregation';
import { BenchRun } from '../shared/bench-services';
import { benchReport } from '../shared/machine';
import { fetchRetrying } from '../shared/http';
import { fmt, nowMs, percentile, quantiles, sleep } from '../shared/measure';
import { EventFeed, pacedLoad } from '../shared/paced-load';
import { describeMemory, processMemory } from '../shared/peak-memory';
import { CpuAccount, localServerPids } from '../shared/process-cpu';
import { writeLineChart } from '../shared/line-chart';
import { IntervalSampler } from '../shared/memory-chart';
import { provinceYear } from '../shared/province-year';
import { provinceUnits } from '@dossier-ledger/demo-traffic';
import { loadDefaultUnitRegistry } from '@dossier-ledger/units';

export interface LiveBenchOptions {
  rate: number;
  seconds: number;
  /** Size of the province-year the traffic is drawn from (its daily volume). */
  dossiers: number;
  consumers: 'on' | 'off';
  /** Scoring behind the aggregator (it reads report.updated and the report API). */
  scoring: 'on' | 'off';
  /** Path prefix of the charts (PREFIX-lag.svg, PREFIX-memory.svg). */
  chart?: string;
  /** Duration of the raw kafkajs run. */
  ceilingSeconds: number;
}

const SAMPLE_MS = 5_000;
const LAG_WINDOW_S = 30;

const TICK_MS = 100;
const PROBE_EVERY_TICKS = 5;
const WARMUP_SECONDS = 5;
const POLL_MS = 20;
/** Report-API requests in flight for the probes: their polling must not become the load it measures. */
const POLLERS = 2;
const PROBE_TIMEOUT_MS = 60_000;
/** Province of the probes' communes (the traffic is province 42's). */
const PROBE_PROVINCE = '01';

interface Probe {
  event: DossierEventV1;
  /** Probes sent to its unit and day so far, itself included: the count that makes it visible. */
  expected: number;
  acceptedAt?: number;
  lagMs?: number;
}

export async function runLiveBench(options: LiveBenchOptions): Promise<string> {
  const run = new BenchRun('live');
  const registry = loadDefaultUnitRegistry();
  const traffic = provinceYear({ dossiers: options.dossiers, registry });
  // Probes go to the communes of another province, which the traffic never touches, on the traffic's
  // current day: a day ahead of the traffic would move every partition's event clock ahead and turn
  // the traffic's month cold (compressed), which is a late-event cost, not the live one.
  const probeCommunes = provinceUnits(registry, PROBE_PROVINCE, `${traffic.year}-01-01`).units.filter(
    (u) => u.level === 'commune',
  );
  const sentTo = new Map<string, number>();
  const probeEvent = (k: number, day: string): Probe => {
    const unitCode = probeCommunes[k % probeCommunes.length].code;
    const expected = (sentTo.get(`${unitCode}|${day}`) ?? 0) + 1;
    sentTo.set(`${unitCode}|${day}`, expected);
    const event = {
      eventId: `probe-${run.id}-${k}`,
      dossierId: `PROBE-${run.id}-${k}`,
      type: 'DossierReceived',
      occurredAt: `${day}T09:00:00+07:00`,
      unitCode,
      channel: 'online',
      procedureCode: '1.001193',
      fieldCode: 'HT',
      dueAt: `${addDays(day as LocalDate, 5)}T17:00:00+07:00`,
      seq: 0,
    } as DossierEventV1;
    return { event, expected };
  };

  const key = await run.createKey([traffic.province.code, PROBE_PROVINCE], ['write', 'read']);
  const intake = await run.startIntake({ INTAKE_CONSUMERS: options.consumers });
  let aggregator: Awaited<ReturnType<BenchRun['startAggregator']>> | undefined;
  let scoring: Awaited<ReturnType<BenchRun['startScoring']>> | undefined;
  const rows: [string, string][] = [];
  try {
    aggregator = await run.startAggregator();
    const reportUrl = aggregator.baseUrl;
    if (options.scoring === 'on') scoring = await run.startScoring(reportUrl);
    const services = { intake, aggregator, ...(scoring ? { scoring } : {}) };
    const rss = sampleRss(services);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const received = async (probe: Probe): Promise<number> => {
      const { unitCode, occurredAt } = probe.event;
      const day = occurredAt.slice(0, 10);
      const response = await fetchRetrying(`${reportUrl}/v1/reports/dossiers?unit=${unitCode}&from=${day}&to=${day}`, {
        headers,
      });
      if (response.status !== 200)
        throw new Error(`report API ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return ((await response.json()) as { received: { inPeriod: { total: number } } }).received.inPeriod.total;
    };
    const feed = new EventFeed(traffic.days());
    const probes: Probe[] = [];
    let accepted = 0;
    const failures: string[] = [];
    const watcher = new ProbeWatcher(received, (error) => failures.push(`probe: ${error.message}`));
    const warmupTicks = (WARMUP_SECONDS * 1000) / TICK_MS;
    console.error(
      `Live load: ${options.rate} events/s for ${WARMUP_SECONDS} s warm-up + ${options.seconds} s, probe every ${PROBE_EVERY_TICKS * TICK_MS} ms`,
    );
    const cpu = new CpuAccount({
      ...Object.fromEntries(Object.entries(services).map(([name, service]) => [name, service.pid])),
      ...localServerPids(),
      'load generator (this process)': process.pid,
    }).start();
    const load = await pacedLoad(
      { rate: options.rate, seconds: WARMUP_SECONDS + options.seconds, tickMs: TICK_MS },
      async (tick, size) => {
        const probing = tick >= warmupTicks && tick % PROBE_EVERY_TICKS === 0;
        const batch = feed.take(probing ? size - 1 : size);
        const probe =
          probing && batch.length > 0 ? probeEvent(probes.length, batch[0].occurredAt.slice(0, 10)) : undefined;
        if (probe) {
          probes.push(probe);
          batch.splice(Math.floor(batch.length / 2), 0, probe.event);
        }
        // A refused or failed request is counted and shown, not retried: the load stays open-loop.
        try {
          const response = await fetch(`${intake.baseUrl}/v1/events`, {
            method: 'POST',
            headers,
            body: JSON.stringify(batch),
          });
          const acceptedAt = nowMs();
          if (response.status !== 202)
            throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
          accepted += ((await response.json()) as { accepted: number }).accepted;
          if (probe) watcher.watch(probe, acceptedAt);
        } catch (error) {
          failures.push(`intake: ${(error as Error).message}`);
        }
      },
    );
    const loadEnd = nowMs();
    const loadStart = loadEnd - load.elapsedMs;
    await watcher.finish();
    const rssSamples = rss.stop();
    const lags = probes.flatMap((p) => (p.lagMs === undefined ? [] : [p.lagMs]));
    // Whether the aggregator kept up: its backlog once the probes are in, and when it had consumed everything.
    const aggregatorHealth = async () =>
      ((await (await fetchRetrying(`${reportUrl}/health`)).json()) as { details: AggregatorDetails }).details;
    const consumed = async () => (await aggregatorHealth()).consumption.records;
    const backlog = accepted - (await consumed());
    while ((await consumed()) < accepted && nowMs() - loadEnd < 300_000) await sleep(250);
    const drainedMs = nowMs() - loadEnd;
    const work = await aggregatorHealth();
    const { used: cpuUsed, wallSeconds: cpuWallS } = cpu.stop();
    const memory = Object.entries(services).map(([name, service]) => [name, processMemory(service.pid)] as const);
    await scoring?.stop();
    await aggregator.stop();
    await intake.stop();

    console.error('Ceiling: raw kafkajs produce → consume at the same rate');
    const ceiling = await kafkaCeiling(
      run,
      { ...options, seconds: options.ceilingSeconds },
      new EventFeed(traffic.days()),
    );
    const windows = lagWindows(probes, loadStart);
    if (options.chart) drawCharts(options, windows, rssSamples, p99(ceiling.lags));

    const achieved = (load.events / load.elapsedMs) * 1000;
    rows.push(
      [
        'load (warm-up + measured)',
        `${fmt(options.rate)} events/s offered for ${WARMUP_SECONDS} + ${options.seconds} s, batches of ${fmt(options.rate / 10)} every 100 ms, ≤ 8 in flight; traffic: province ${traffic.province.code} (${traffic.datasetId}, ${traffic.units.length} units), province-year of ${fmt(options.dossiers)} dossiers; intake consumers ${options.consumers}`,
      ],
      [
        'achieved rate (accepted by intake)',
        `${fmt(achieved)} events/s (${fmt(load.events)} events in ${fmt(load.elapsedMs / 1000, 1)} s)`,
      ],
      ['intake request latency p50 / p99', quantiles(load.durations, [0.5, 0.99])],
      [
        `**lag accepted (202) → visible in the report API**, p50 / p99 / max (${lags.length} of ${probes.length} probes; ${POLLERS} pollers, one request per poller per ${POLL_MS} ms at most; goal p99 < 1 s)`,
        `**${quantiles(lags, [0.5, 0.99, 1])}**`,
      ],
      [
        'ceiling: raw kafkajs lag, send acknowledged → consumed, p50 / p99 / max (every message; same rate and batches)',
        `${quantiles(ceiling.lags, [0.5, 0.99, 1])} (${fmt(ceiling.rate)} msg/s achieved)`,
      ],
      ['ratio p99 service / p99 ceiling', `${fmt(p99(lags) / Math.max(1, p99(ceiling.lags)), 1)} ×`],
      [
        'failed requests (intake) / probes (report API)',
        failures.length === 0 ? 'none' : `${failures.length}: ${[...new Set(failures)].slice(0, 3).join('; ')}`,
      ],
      [
        'aggregator backlog when the last probe was seen (records not yet consumed) / everything consumed at (after the load stopped)',
        `${fmt(Math.max(0, backlog))} / ${fmt(drainedMs / 1000, 1)} s (${fmt(accepted)} accepted)`,
      ],
      ...[...cpuUsed].map(([name, seconds]): [string, string] => [
        `CPU from the load's start until everything was consumed (${fmt(cpuWallS, 0)} s): ${name}`,
        `${fmt(seconds, 1)} s = ${fmt((seconds / cpuWallS) * 100, 0)} % of one core; ${fmt((seconds * 1e6) / load.events, 0)} µs per event`,
      ]),
      [
        "aggregator's work per 1,000 events: checkpoints / publications (one per partition and tick with changes) / counter chunks read back into its read model",
        [work.consumption.checkpoints, work.consumption.publications, work.readModel.applied]
          .map((n) => fmt((n * 1000) / Math.max(1, work.consumption.records), 1))
          .join(' / '),
      ],
      ...memory.map(([name, m]): [string, string] => [`peak RSS (VmHWM): ${name}`, describeMemory(m)]),
      ...Object.keys(services).map((name): [string, string] => [
        `RSS over time: ${name}, first / last / max sample (every ${SAMPLE_MS / 1000} s)`,
        describeSeries(rssSamples.map((sample) => sample.rss[name] ?? NaN)),
      ]),
      [
        `lag p99 per ${LAG_WINDOW_S} s window: first / last / max`,
        windows.length === 0
          ? 'n/a'
          : describeSeries(
              windows.map((w) => w.p99),
              ' ms',
            ),
      ],
    );
  } finally {
    await scoring?.stop();
    await aggregator?.stop();
    await intake.stop();
    await run.cleanUp();
  }
  return benchReport(rows);
}

/** The parts of the aggregator's `/health` details the benchmark reads. */
interface AggregatorDetails {
  consumption: { records: number; checkpoints: number; publications: number };
  readModel: { applied: number };
}

interface RssSample {
  t: number;
  rss: Record<string, number>;
}

/** RSS of each service every SAMPLE_MS, with progress on stderr (a soak runs for minutes). */
function sampleRss(
  services: Record<string, { pid: number | undefined }>,
): IntervalSampler<{ rss: Record<string, number> }> {
  const started = nowMs();
  return new IntervalSampler(
    SAMPLE_MS,
    () => {
      const rss = Object.fromEntries(
        Object.entries(services).map(([name, s]) => [name, processMemory(s.pid)?.rssMb ?? NaN]),
      );
      console.error(
        `  ${fmt((nowMs() - started) / 1000, 0)} s | RSS ${Object.entries(rss)
          .map(([name, mb]) => `${name} ${fmt(mb, 0)} MB`)
          .join(', ')}`,
      );
      return { rss };
    },
    false,
  );
}

/**
 * Polls the probes not seen yet, oldest first in turn, with POLLERS requests at most in flight and a
 * pause of POLL_MS after each: one poll loop per probe (20 ms each) put ~1,000 requests/s on the
 * aggregator once the lag reached seconds, which slowed it further.
 */
class ProbeWatcher {
  private readonly pending: Probe[] = [];
  private next = 0;
  private closed = false;
  private readonly loops: Promise<void>[];

  constructor(
    private readonly received: (probe: Probe) => Promise<number>,
    private readonly onError: (error: Error) => void,
  ) {
    this.loops = Array.from({ length: POLLERS }, () => this.loop());
  }

  watch(probe: Probe, acceptedAt: number): void {
    probe.acceptedAt = acceptedAt;
    this.pending.push(probe);
  }

  /** Resolves once every probe is seen or timed out. */
  async finish(): Promise<void> {
    this.closed = true;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (!this.closed || this.pending.length > 0) {
      const probe = this.take();
      if (probe) await this.poll(probe);
      await sleep(POLL_MS);
    }
  }

  private take(): Probe | undefined {
    while (this.pending.length > 0) {
      if (this.next >= this.pending.length) this.next = 0;
      const probe = this.pending[this.next];
      if (nowMs() - (probe.acceptedAt as number) < PROBE_TIMEOUT_MS) {
        this.next++;
        return probe;
      }
      this.pending.splice(this.next, 1); // timed out: stays without a lag, counted as unseen
    }
    return undefined;
  }

  private async poll(probe: Probe): Promise<void> {
    try {
      if ((await this.received(probe)) < probe.expected || probe.lagMs !== undefined) return;
      probe.lagMs = nowMs() - (probe.acceptedAt as number);
      this.forget(probe);
    } catch (error) {
      this.forget(probe);
      this.onError(error as Error);
    }
  }

  /** Both pollers may hold the same probe when one is left. */
  private forget(probe: Probe): void {
    const at = this.pending.indexOf(probe);
    if (at >= 0) this.pending.splice(at, 1);
  }
}

/** Probe lags by the time their batch was accepted: p50 / p99 per LAG_WINDOW_S. */
function lagWindows(probes: readonly Probe[], loadStart: number): { t: number; p50: number; p99: number }[] {
  const byWindow = new Map<number, number[]>();
  for (const probe of probes) {
    if (probe.acceptedAt === undefined || probe.lagMs === undefined) continue;
    const w = Math.floor((probe.acceptedAt - loadStart) / 1000 / LAG_WINDOW_S);
    let lags = byWindow.get(w);
    if (lags === undefined) byWindow.set(w, (lags = []));
    lags.push(probe.lagMs);
  }
  return [...byWindow]
    .sort(([a], [b]) => a - b)
    .map(([w, lags]) => {
      const sorted = lags.sort((a, b) => a - b);
      return { t: (w + 1) * LAG_WINDOW_S, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
    });
}

function describeSeries(values: readonly number[], unit = ' MB'): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return 'n/a';
  return `${fmt(finite[0], 0)} / ${fmt(finite[finite.length - 1], 0)} / ${fmt(Math.max(...finite), 0)}${unit}`;
}

function drawCharts(
  options: LiveBenchOptions,
  windows: ReturnType<typeof lagWindows>,
  rss: readonly RssSample[],
  ceilingP99: number,
): void {
  const what = `${fmt(options.rate)} events/s for ${fmt(options.seconds)} s`;
  writeLineChart(`${options.chart}-lag.svg`, {
    title: `live lag, accepted → visible in the report API (${what})`,
    xLabel: 'seconds of load',
    yUnit: 'ms',
    series: [
      { name: `p99 per ${LAG_WINDOW_S} s`, color: '#c05a00', points: windows.map((w) => [w.t, w.p99]) },
      { name: `p50 per ${LAG_WINDOW_S} s`, color: '#1f5fbf', points: windows.map((w) => [w.t, w.p50]) },
    ],
    limit: { value: ceilingP99, label: `raw kafkajs p99 ${fmt(ceilingP99, 0)} ms` },
  });
  const colors = ['#1f5fbf', '#2a9d3f', '#c05a00'];
  writeLineChart(`${options.chart}-memory.svg`, {
    title: `RSS of each service (${what})`,
    xLabel: 'seconds',
    yUnit: 'MB',
    series: Object.keys(rss[0]?.rss ?? {}).map((name, i) => ({
      name,
      color: colors[i % colors.length],
      points: rss.map((s): [number, number] => [s.t, s.rss[name] ?? 0]),
    })),
  });
}

const p99 = (samples: readonly number[]) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    0.99,
  );

/** The same load through raw kafkajs: lag of every message from its send's acknowledgement to its consumption. */
async function kafkaCeiling(
  run: BenchRun,
  options: LiveBenchOptions,
  feed: EventFeed<DossierEventV1>,
): Promise<{ lags: number[]; rate: number }> {
  const topic = `${run.prefix}ceiling.${TOPICS.dossierEvents.name}`;
  const admin = run.kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ ...TOPICS.dossierEvents, name: topic }]);
  await admin.disconnect();
  const producer = run.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  // As the aggregator fetches: eachBatch, max wait min(1 s, heartbeat 3 s).
  const consumer = run.kafka.consumer({ groupId: `${run.prefix}ceiling`, maxWaitTimeInMs: 1_000 });
  const acked = new Map<number, number>();
  const consumed: [number, number][] = [];
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const t = nowMs();
      for (const message of batch.messages) consumed.push([Number(message.headers?.['bench-batch']?.toString()), t]);
    },
  });
  await sleep(3_000); // the group join
  const receivedAt = new Date().toISOString();
  const load = await pacedLoad(
    { rate: options.rate, seconds: WARMUP_SECONDS + options.seconds, tickMs: TICK_MS },
    async (tick, size) => {
      const messages = feed.take(size).map((event) => {
        const record = encodeDossierEventRecord({ source: 'bench', receivedAt, event });
        return { ...record, headers: { ...record.headers, 'bench-batch': String(tick) } };
      });
      await producer.send({ topic, acks: -1, messages });
      acked.set(tick, nowMs());
    },
  );
  const deadline = nowMs() + 30_000;
  while (consumed.length < load.events && nowMs() < deadline) await sleep(100);
  await consumer.disconnect();
  await producer.disconnect();
  const warmupTicks = (WARMUP_SECONDS * 1000) / TICK_MS;
  const lags = consumed.filter(([tick]) => tick >= warmupTicks).map(([tick, t]) => t - (acked.get(tick) ?? NaN));
  return { lags, rate: (load.events / load.elapsedMs) * 1000 };
}
