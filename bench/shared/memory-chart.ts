// Memory over time as an SVG line chart (no dependency): the replay bench writes one into docs/.
import { writeFileSync } from 'node:fs';

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
  const width = 720;
  const height = 320;
  const pad = { left: 56, right: 16, top: 32, bottom: 40 };
  const maxT = Math.max(1, ...samples.map((s) => s.t));
  const maxMb = Math.max(limitMb ?? 0, ...samples.map((s) => s.rssMb)) * 1.1;
  const x = (t: number) => pad.left + (t / maxT) * (width - pad.left - pad.right);
  const y = (mb: number) => height - pad.bottom - (mb / maxMb) * (height - pad.top - pad.bottom);
  const line = (pick: (s: MemorySample) => number) =>
    samples.map((s) => `${x(s.t).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: 5 }, (_, i) => (maxMb / 5) * (i + 1));
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${pad.left}" y="18" font-size="13">${escapeXml(title)}</text>`,
    ...ticks.map(
      (mb) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(mb)}" y2="${y(mb)}" stroke="#ddd"/><text x="4" y="${y(mb) + 4}">${Math.round(mb)} MB</text>`,
    ),
    `<text x="${width / 2}" y="${height - 8}">seconds (end: ${Math.round(maxT)} s)</text>`,
    limitMb
      ? `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(limitMb)}" y2="${y(limitMb)}" stroke="#c00" stroke-dasharray="4 3"/><text x="${width - 150}" y="${y(limitMb) - 4}" fill="#c00">limit ${limitMb} MB</text>`
      : '',
    `<polyline fill="none" stroke="#1f5fbf" stroke-width="2" points="${line((s) => s.rssMb)}"/>`,
    `<polyline fill="none" stroke="#2a9d3f" stroke-width="1.5" points="${line((s) => s.heapMb)}"/>`,
    `<text x="${pad.left + 8}" y="${pad.top + 12}" fill="#1f5fbf">RSS</text><text x="${pad.left + 48}" y="${pad.top + 12}" fill="#2a9d3f">JS heap used</text>`,
    '</svg>',
  ].join('\n');
  writeFileSync(path, `${svg}\n`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
