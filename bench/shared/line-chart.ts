// Line charts as SVG (no dependency): memory and lag over time, drawn by the benchmarks into docs/.
import { writeFileSync } from 'node:fs';

export interface ChartSeries {
  name: string;
  color: string;
  /** [x, y] in the chart's units. */
  points: readonly (readonly [number, number])[];
  width?: number;
}

export interface LineChart {
  title: string;
  /** e.g. 'seconds' */
  xLabel: string;
  /** e.g. 'MB', 'ms' */
  yUnit: string;
  series: readonly ChartSeries[];
  /** A dashed red line (a limit or a goal). */
  limit?: { value: number; label: string };
}

export function writeLineChart(path: string, chart: LineChart): void {
  const width = 720;
  const height = 320;
  const pad = { left: 64, right: 16, top: 32, bottom: 40 };
  const all = chart.series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const maxY = Math.max(chart.limit?.value ?? 0, 1e-9, ...all.map(([, y]) => y)) * 1.1;
  const px = (x: number) => pad.left + (x / maxX) * (width - pad.left - pad.right);
  const py = (y: number) => height - pad.bottom - (y / maxY) * (height - pad.top - pad.bottom);
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY / 5) * (i + 1));
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${pad.left}" y="18" font-size="13">${escapeXml(chart.title)}</text>`,
    ...ticks.map(
      (y) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/><text x="4" y="${py(y) + 4}">${round(y)} ${chart.yUnit}</text>`,
    ),
    `<text x="${width / 2}" y="${height - 8}">${escapeXml(chart.xLabel)} (end: ${Math.round(maxX)})</text>`,
    chart.limit
      ? `<line x1="${pad.left}" x2="${width - pad.right}" y1="${py(chart.limit.value)}" y2="${py(chart.limit.value)}" stroke="#c00" stroke-dasharray="4 3"/><text x="${width - 170}" y="${py(chart.limit.value) - 4}" fill="#c00">${escapeXml(chart.limit.label)}</text>`
      : '',
    ...chart.series.map(
      (s) =>
        `<polyline fill="none" stroke="${s.color}" stroke-width="${s.width ?? 2}" points="${s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`,
    ),
    ...chart.series.map(
      (s, i) => `<text x="${pad.left + 8 + i * 150}" y="${pad.top + 12}" fill="${s.color}">${escapeXml(s.name)}</text>`,
    ),
    '</svg>',
  ].join('\n');
  writeFileSync(path, `${svg}\n`);
}

function round(y: number): string {
  return y >= 10 ? String(Math.round(y)) : y.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
