import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

/** The machine line every benchmark prints: nproc, RAM, CPU model (/proc/cpuinfo), Node, load. */
export function machineLine(): string {
  let model = 'unknown CPU';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // not Linux: keep the placeholder
  }
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `nproc ${availableParallelism()}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, CPU ${model}, Node ${process.version}, load average ${load}`;
}

/** A two-column `| measure | value |` Markdown table, as docs/benchmarks.md keeps them. */
export function measureTable(rows: readonly (readonly [string, string])[]): string[] {
  return ['| measure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

/** A benchmark's report: the machine line, then the measures. */
export function benchReport(rows: readonly (readonly [string, string])[]): string {
  return [`Machine: ${machineLine()}`, '', ...measureTable(rows)].join('\n');
}
