import type { DossierReportDto } from '@dossier-ledger/contracts';

export const share = (count: number, of: number) => ({ count, of, rate: of === 0 ? null : count / of });

/** A report as the aggregator serves it (typed with the contracts DTO, so a DTO change breaks this test). */
export function reportFixture(overrides: Partial<DossierReportDto> = {}): DossierReportDto {
  return {
    unit: { code: '001', name: 'Quận Ba Đình', level: 'district' },
    hierarchy: 'units-2023-04-10.v1',
    from: '2024-01-01',
    to: '2024-03-31',
    countingRules: 'vn-default-v1',
    received: { total: 120, inPeriod: { total: 100, online: 60, direct: 35, postal: 5 }, carriedOver: 20 },
    resolved: { total: 90, early: 50, onTime: 30, late: 10 },
    returned: 4,
    withdrawn: 1,
    pending: {
      total: 25,
      inTime: 20,
      overdue: 5,
      byState: { processing: 22, waitingSupplement: 2, waitingPayment: 1, paused: 0 },
    },
    rates: { onTime: 80 / 90, late: 10 / 90, online: 0.6 },
    scoring: {
      finished: { early: 50, onTime: 30, late: 10, returned: 4, withdrawn: 1 },
      repeatedSupplement: { resolvedEarlyOrOnTime: 0, pendingInTime: 0 },
      lateWithApology: share(7, 10),
      lateWithoutApology: 3,
      feeBearing: 40,
      paidOnline: share(15, 40),
      electronicResult: share(70, 90),
      digitized: share(85, 100),
      receivedOnlineFull: share(35, 60),
      receivedOnlinePartial: share(25, 60),
      satisfaction: { sum: 212.5, count: 50, average: 4.25 },
      resolutionWorkingDays: { sum: 540, count: 90, average: 6 },
      procedures: { withDossiers: 30, withOnlineDossiers: 12 },
    },
    ...overrides,
  };
}

const HEADER_KEYS = new Set(['unit', 'from', 'to', 'hierarchy', 'countingRules', 'period', 'rows']);

/** A report as a `by=child` row of its parent: key, label and figures; `scoring` unless `withScoring` is false (an older aggregator). */
export function childRowOf(
  report: { unit: { code: string; name: string; level?: string } },
  withScoring = true,
): { key: string; label: string } & Record<string, unknown> {
  const figures = Object.entries(report).filter(([key]) => !HEADER_KEYS.has(key) && (withScoring || key !== 'scoring'));
  return { key: report.unit.code, label: report.unit.name, ...Object.fromEntries(figures) };
}
