// Memory over time as an SVG line chart: the replay bench writes one into docs/.
import { writeLineChart } from './line-chart';

export interface MemorySample {
  /** Seconds since the start. */
  t: number;
  rssMb: number;
  heapMb: number;
  /** The caller's progress counter at that time (records applied). */
  records: number;
}

/**
 * Calls `read` every `everyMs` until stopped (and at start and stop with `atEdges`), keeping each value
 * with the seconds since the start.
 */
export class IntervalSampler<T extends object> {
  readonly samples: (T & { t: number })[] = [];
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    everyMs: number,
    private readonly read: () => T,
    private readonly atEdges = true,
  ) {
    if (atEdges) this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): (T & { t: number })[] {
    clearInterval(this.timer);
    if (this.atEdges) this.sample();
    return this.samples;
  }

  private sample(): void {
    this.samples.push({ ...this.read(), t: (Date.now() - this.started) / 1000 });
  }
}

/** This process's RSS and heap every `everyMs` until stopped. */
export class MemorySampler extends IntervalSampler<Omit<MemorySample, 't'>> {
  constructor(everyMs = 1_000, progress: () => number = () => 0) {
    super(everyMs, () => {
      const m = process.memoryUsage();
      return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, records: progress() };
    });
  }
}

export function writeMemoryChart(
  path: string,
  title: string,
  samples: readonly MemorySample[],
  limitMb?: number,
): void {
  writeLineChart(path, {
    title,
    xLabel: 'seconds',
    yUnit: 'MB',
    series: [
      { name: 'RSS', color: '#1f5fbf', points: samples.map((s) => [s.t, s.rssMb]) },
      { name: 'JS heap used', color: '#2a9d3f', width: 1.5, points: samples.map((s) => [s.t, s.heapMb]) },
    ],
    limit: limitMb ? { value: limitMb, label: `limit ${limitMb} MB` } : undefined,
  });
}
