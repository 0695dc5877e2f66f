import type { DossierAnomaliesDto, DossierReportDto } from '@dossier-ledger/contracts';
import { getJson } from '../lib/api';
import { day, num } from '../lib/format';
import { h, scrollTable } from './dom';

/** Anomalies of the subtree (counts by kind, the dossiers behind them) and whether the form's identities hold. */
export async function qualityView(base: string, report: DossierReportDto, signal: AbortSignal): Promise<HTMLElement> {
  const anomalies = await getJson<DossierAnomaliesDto>(`/api/reports/anomalies?${base}&pageSize=50`, signal);
  const identity =
    report.received.total === report.resolved.total + report.returned + report.withdrawn + report.pending.total;
  const holds = identity && anomalies.identityViolations.length === 0;
  return h(
    'section',
    { 'aria-label': 'Chất lượng dữ liệu' },
    h(
      'p',
      { id: 'identity-check', class: holds ? 'ok' : 'bad' },
      holds
        ? `Các đẳng thức của biểu đều đúng trên ${num(anomalies.unitsChecked)} đơn vị: tiếp nhận = đã giải quyết + trả lại + rút + đang giải quyết (${num(report.received.total)} = ${num(report.resolved.total)} + ${num(report.returned)} + ${num(report.withdrawn)} + ${num(report.pending.total)}).`
        : `Có ${num(anomalies.identityViolations.length)} đẳng thức sai: ${anomalies.identityViolations.map((v) => v.message).join('; ')}`,
    ),
    h('h2', {}, `Hồ sơ bất thường: ${num(anomalies.total)}`),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'anomaly-kinds' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Loại'),
            h('th', {}, 'Mức'),
            h('th', {}, 'Ảnh hưởng số liệu'),
            h('th', {}, 'Số hồ sơ'),
          ),
        ),
        h(
          'tbody',
          {},
          ...anomalies.byCode.map((c) =>
            h(
              'tr',
              {},
              h('td', {}, c.message),
              h('td', {}, c.severity),
              h('td', {}, c.affectsCounts ? 'Có' : 'Không'),
              h('td', { class: 'num', 'data-cell': `anomaly:${c.code}` }, num(c.dossiers)),
            ),
          ),
        ),
      ),
    ),
    anomalies.dossiers.length === 0
      ? h('p', { class: 'muted' }, 'Không có hồ sơ bất thường trong kỳ.')
      : scrollTable(
          ['Mã hồ sơ', 'Đơn vị', 'Ngày nhận', 'Bất thường'],
          h(
            'tbody',
            {},
            ...anomalies.dossiers.map((d) =>
              h(
                'tr',
                {},
                h('td', {}, d.dossierId),
                h('td', {}, d.unitName),
                h('td', {}, day(d.receivedOn)),
                h('td', {}, d.anomalies.join(', ')),
              ),
            ),
          ),
        ),
  );
}
