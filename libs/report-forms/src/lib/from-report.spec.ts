import { parseIsoLocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import {
  applyContributions,
  CounterStore,
  DEFAULT_COUNTING_RULES,
  dossierContributions,
  foldDossier,
  readDossierReport,
  type CountingRules,
  type DossierReport,
  type ReportChain,
  type UnitHierarchy,
} from '@dossier-ledger/reporting';
import { buildFormII06a } from './form-ii06a';
import { formInputFromReport } from './from-report';
import { cellOf } from './form-table';

/** Province 42 with one commune, 42001, in a single era. */
const HIERARCHY: UnitHierarchy = {
  reportChains: (unitCode: string): ReportChain[] =>
    unitCode === '42'
      ? [{ era: 'e', level: 'province', path: ['42'] }]
      : [{ era: 'e', level: 'commune', path: [unitCode, '42'] }],
};

let n = 0;
function dossier(
  unit: string,
  field: string,
  channel: 'online' | 'direct' | 'postal',
  received: string,
  due: string | null,
  end?: ['resolved' | 'returned' | 'withdrawn', string],
): DossierEventV1[] {
  const id = `d${++n}`;
  const events: DossierEventV1[] = [
    {
      eventId: `${id}-1`,
      dossierId: id,
      type: 'DossierReceived',
      occurredAt: `${received}T09:00:00+07:00`,
      unitCode: unit,
      channel,
      procedureCode: `${field}.1`,
      fieldCode: field,
      dueAt: due === null ? null : `${due}T17:00:00+07:00`,
    },
  ];
  if (end) {
    const type =
      end[0] === 'resolved' ? 'DossierResolved' : end[0] === 'returned' ? 'DossierReturned' : 'DossierWithdrawn';
    events.push({
      eventId: `${id}-2`,
      dossierId: id,
      type,
      occurredAt: `${end[1]}T10:00:00+07:00`,
      unitCode: unit,
    } as DossierEventV1);
  }
  return events;
}

function report(rules: CountingRules): DossierReport {
  n = 0;
  const dossiers = [
    dossier('42', 'DD', 'online', '2024-01-25', '2024-02-05', ['resolved', '2024-02-01']), // early
    dossier('42', 'DD', 'direct', '2024-01-10', '2024-01-31', ['resolved', '2024-02-02']), // carried over, late
    dossier('42', 'XD', 'postal', '2024-02-01', '2024-02-20'), // pending in time
    dossier('42001', 'HT', 'online', '2024-02-01', '2024-02-02', ['resolved', '2024-02-02']), // on time
    dossier('42001', 'HT', 'online', '2024-02-05', '2024-02-06'), // pending overdue at 19/02
    dossier('42001', 'HT', 'direct', '2024-02-05', null, ['returned', '2024-02-07']),
    dossier('42001', 'CT', 'online', '2024-02-06', '2024-02-06', ['withdrawn', '2024-02-06']),
  ];
  const store = new CounterStore(rules);
  for (const events of dossiers)
    applyContributions(store, dossierContributions(foldDossier(events, rules), rules), HIERARCHY);
  return readDossierReport(
    store,
    { era: 'e', unitCode: '42', from: parseIsoLocalDate('2024-01-19'), to: parseIsoLocalDate('2024-02-19') },
    rules,
  );
}

describe('formInputFromReport (with the reporting library)', () => {
  it('turns a levelled report into the form, field names from the catalogue, identities holding', () => {
    const form = buildFormII06a(
      formInputFromReport(report(DEFAULT_COUNTING_RULES), {
        unit: { code: '42', name: 'Tỉnh Hà Tĩnh', level: 'province' },
      }),
    );
    expect(form.rows.map((r) => [r.kind, r.label])).toEqual([
      ['level', 'Cấp tỉnh'],
      ['field', 'Đất đai'],
      ['field', 'Xây dựng'],
      ['level', 'Cấp xã'],
      ['field', 'Chứng thực'],
      ['field', 'Hộ tịch'],
      ['total', 'Tổng cộng'],
    ]);
    const total = form.rows[form.rows.length - 1];
    expect([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((c) => cellOf(form, total, c))).toEqual([
      7, 4, 2, 1, 3, 1, 1, 1, 2, 1, 1, 1, 1,
    ]);
    expect(form.notes).toContain('Số liệu theo quy tắc đếm: vn-default-v1.');
  });

  it('drops columns 14–15 for a report read with folding rules', () => {
    const rules = { ...DEFAULT_COUNTING_RULES, foldReturnedIntoOnTime: true };
    const form = buildFormII06a(
      formInputFromReport(report(rules), {
        unit: { code: '42', name: 'Tỉnh Hà Tĩnh', level: 'province' },
        fieldNames: { HT: 'Hộ tịch (cấp xã)' },
      }),
    );
    expect(form.returnedColumns).toBe(false);
    const total = form.rows[form.rows.length - 1];
    expect(cellOf(form, total, 9)).toBe(3);
    expect(form.rows.map((r) => r.label)).toContain('Hộ tịch (cấp xã)');
  });

  it('refuses a context naming another unit', () => {
    expect(() =>
      formInputFromReport(report(DEFAULT_COUNTING_RULES), {
        unit: { code: '40', name: 'Tỉnh Nghệ An', level: 'province' },
      }),
    ).toThrow(/not the report's unit/);
  });
});
