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

/** Samples RSS and heap every `everyMs` until stopped. */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    everyMs = 1_000,
    private readonly progress: () => number = () => 0,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): MemorySample[] {
    clearInterval(this.timer);
    this.sample();
    return this.samples;
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.samples.push({
      t: (Date.now() - this.started) / 1000,
      rssMb: m.rss / 2 ** 20,
      heapMb: m.heapUsed / 2 ** 20,
      records: this.progress(),
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
