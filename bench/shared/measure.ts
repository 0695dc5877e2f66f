// Timing helpers shared by the benchmarks.

/** The p-quantile (0..1) of an ascending array, nearest rank below. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
}

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Milliseconds of a monotonic clock (for intervals between events of one process). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `jobs` with at most `concurrency` in flight; returns each job's duration. */
export async function pool(jobs: (() => Promise<void>)[], concurrency: number): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      durations.push((await timed(job)).ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return durations;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** "p50 / p99" of samples in ms, e.g. `p(samples, [0.5, 0.99])` → "120 ms / 480 ms". */
export function quantiles(samples: readonly number[], ps: readonly number[], digits = 0): string {
  if (samples.length === 0) return 'n/a';
  const sorted = [...samples].sort((a, b) => a - b);
  return ps.map((p) => `${fmt(percentile(sorted, p), digits)} ms`).join(' / ');
}
