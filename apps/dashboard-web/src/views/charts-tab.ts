import type { DossierReportDto, UnitTargetsDto } from '@dossier-ledger/contracts';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { DEFAULT_FIELD_NAMES_VI } from '@dossier-ledger/report-forms';
import { getJson } from '../lib/api';
import { day, num } from '../lib/format';
import { targetPercent } from '../lib/targets';
import { h } from './dom';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

const DAY_MS = 86_400_000;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const dateOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Day, week or month buckets covering the window, at most ~31 of them. */
export function buckets(from: string, to: string): { from: string; to: string; label: string }[] {
  const length = dayNumber(to) - dayNumber(from) + 1;
  const out: { from: string; to: string; label: string }[] = [];
  if (length > 120) {
    for (let start = from; start <= to;) {
      const [y, m] = start.split('-').map(Number);
      const next = dateOf(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) / DAY_MS);
      const end = dateOf(dayNumber(next) - 1);
      out.push({ from: start, to: end < to ? end : to, label: `${String(m).padStart(2, '0')}/${y}` });
      start = next;
    }
    return out;
  }
  const step = length > 31 ? 7 : 1;
  for (let n = dayNumber(from); n <= dayNumber(to); n += step) {
    const end = Math.min(n + step - 1, dayNumber(to));
    out.push({ from: dateOf(n), to: dateOf(end), label: day(dateOf(n)).slice(0, 5) });
  }
  return out;
}

function chartBox(id: string): HTMLElement {
  return h('div', { class: 'chart', id, role: 'img' });
}

const percent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);

/**
 * Received / resolved / pending over time, on-time rate by child against the on-time target of the
 * children's level (scoring's runtime targets; none drawn when scoring does not answer), channel mix,
 * overdue by field.
 */
export async function chartsView(
  unit: string,
  report: DossierReportDto,
  targets: UnitTargetsDto | null,
  signal: AbortSignal,
): Promise<HTMLElement> {
  const ranges = buckets(report.from, report.to);
  const [series, byField] = await Promise.all([
    Promise.all(
      ranges.map((b) =>
        getJson<DossierReportDto>(`/api/reports/dossiers?unit=${unit}&from=${b.from}&to=${b.to}`, signal),
      ),
    ),
    getJson<DossierReportDto>(
      `/api/reports/dossiers?unit=${unit}&from=${report.from}&to=${report.to}&by=field`,
      signal,
    ),
  ]);
  const onTimeTarget = targets?.childTargets?.onTime?.share ?? null;
  const onTimeBox = chartBox('chart-ontime');
  if (onTimeTarget !== null) onTimeBox.dataset['target'] = String(onTimeTarget);
  const boxes = [chartBox('chart-time'), onTimeBox, chartBox('chart-channels'), chartBox('chart-overdue')];
  const view = h('section', { class: 'charts', 'aria-label': 'Biểu đồ' }, ...boxes);
  const children = [...(report.rows ?? [])].sort((a, b) => (b.rates.onTime ?? -1) - (a.rates.onTime ?? -1));
  const fields = (byField.rows ?? [])
    .filter((r) => r.pending.overdue > 0)
    .sort((a, b) => b.pending.overdue - a.pending.overdue);
  const options: echarts.EChartsCoreOption[] = [
    {
      title: { text: 'Tiếp nhận, giải quyết, tồn theo thời gian', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      xAxis: { type: 'category', data: ranges.map((b) => b.label) },
      yAxis: { type: 'value' },
      series: [
        { name: 'Tiếp nhận mới', type: 'bar', data: series.map((r) => r.received.inPeriod.total) },
        { name: 'Đã giải quyết', type: 'bar', data: series.map((r) => r.resolved.total) },
        { name: 'Đang giải quyết (cuối kỳ)', type: 'line', data: series.map((r) => r.pending.total) },
      ],
    },
    {
      title: { text: 'Tỷ lệ giải quyết đúng hạn theo đơn vị (%)', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 140 },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', inverse: true, data: children.map((r) => r.label) },
      series: [
        {
          type: 'bar',
          data: children.map((r) => percent(r.rates.onTime)),
          ...(onTimeTarget === null
            ? {}
            : {
                markLine: {
                  data: [{ xAxis: Math.round(onTimeTarget * 1000) / 10, name: 'Mục tiêu' }],
                  label: { formatter: `Mục tiêu ${targetPercent(onTimeTarget)}` },
                },
              }),
        },
      ],
    },
    {
      title: { text: 'Kênh tiếp nhận', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item', valueFormatter: (v: unknown) => num(Number(v)) },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: [
            { name: 'Trực tuyến', value: report.received.inPeriod.online },
            { name: 'Trực tiếp', value: report.received.inPeriod.direct },
            { name: 'Bưu chính', value: report.received.inPeriod.postal },
          ],
        },
      ],
    },
    {
      title: { text: 'Hồ sơ quá hạn theo lĩnh vực', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 160 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: fields.map((r) => DEFAULT_FIELD_NAMES_VI[r.key] ?? r.label) },
      series: [{ type: 'bar', data: fields.map((r) => r.pending.overdue) }],
    },
  ];
  // Drawn once the section is in the page (ECharts needs the boxes' sizes).
  requestAnimationFrame(() =>
    boxes.forEach((box, i) => {
      if (!box.isConnected) return;
      const chart = echarts.init(box, undefined, { renderer: 'canvas' });
      chart.setOption(options[i]);
      new ResizeObserver(() => chart.resize()).observe(box);
    }),
  );
  return view;
}
