import { parseIsoLocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { TrafficSimulator, vnInstant, type DemoUnit } from '@dossier-ledger/demo-traffic';
import {
  applyContributions,
  CounterStore,
  DEFAULT_COUNTING_RULES,
  dossierContributions,
  foldDossier,
  readDossierReport,
  type UnitHierarchy,
} from '@dossier-ledger/reporting';
import { buildFormII06a } from './form-ii06a';
import { cellOf } from './form-table';
import { formInputFromReport } from './from-report';
import { renderCsv } from './render-csv';
import { renderXlsx } from './render-xlsx';

const UNITS: DemoUnit[] = [
  { code: '42', name: 'Tỉnh Hà Tĩnh', level: 'province' },
  ...Array.from({ length: 8 }, (_, i) => ({ code: `4200${i + 1}`, name: `Xã ${i + 1}`, level: 'commune' as const })),
];
const HIERARCHY: UnitHierarchy = {
  reportChains: (code) => [
    code === '42' ? { era: 'e', level: 'province', path: ['42'] } : { era: 'e', level: 'commune', path: [code, '42'] },
  ],
};

describe('form II.06a over a month of demo traffic (demo-traffic → reporting → form)', () => {
  it('holds every identity and shows the demo rates', async () => {
    const start = vnInstant(parseIsoLocalDate('2026-08-03'), 0);
    const sim = new TrafficSimulator({ units: UNITS, perWorkingDay: 150, start, seed: 3 });
    const events = sim.advanceTo(vnInstant(parseIsoLocalDate('2026-10-01'), 0));
    const byDossier = new Map<string, DossierEventV1[]>();
    for (const e of events) byDossier.set(e.dossierId, [...(byDossier.get(e.dossierId) ?? []), e]);
    const store = new CounterStore(DEFAULT_COUNTING_RULES);
    for (const list of byDossier.values())
      applyContributions(store, dossierContributions(foldDossier(list)), HIERARCHY);
    const report = readDossierReport(store, {
      era: 'e',
      unitCode: '42',
      from: parseIsoLocalDate('2026-09-01'),
      to: parseIsoLocalDate('2026-09-30'),
    });

    const table = buildFormII06a(
      formInputFromReport(report, {
        unit: { code: '42', name: 'Tỉnh Hà Tĩnh', level: 'province' },
        periodLabel: 'Tháng 09/2026',
      }),
    );
    expect(table.rows.filter((r) => r.kind === 'level').map((r) => r.label)).toEqual(['Cấp tỉnh', 'Cấp xã']);
    expect(table.rows.filter((r) => r.kind === 'field').length).toBeGreaterThanOrEqual(12);
    const total = table.rows[table.rows.length - 1];
    expect(cellOf(table, total, 6)).toBeGreaterThan(0); // carried over from August
    expect(cellOf(table, total, 3)).toBe(
      cellOf(table, total, 7) + cellOf(table, total, 11) + cellOf(table, total, 14) + cellOf(table, total, 15),
    );
    const onTime = table.rates.find((r) => r.key === 'onTime')?.ratio ?? 0;
    const online = table.rates.find((r) => r.key === 'online')?.ratio ?? 0;
    expect(onTime).toBeGreaterThan(0.9);
    expect(onTime).toBeLessThan(0.98);
    expect(online).toBeGreaterThan(0.75);
    expect(online).toBeLessThan(0.86);
    expect(renderCsv(table).length).toBeGreaterThan(1000);
    expect((await renderXlsx(table)).length).toBeGreaterThan(5000);
  }, 60_000);
});
