import type { CountFigures, DossierReportDto } from '@dossier-ledger/contracts';
import type { ScoringFigures } from '@dossier-ledger/scoring-rules';

/**
 * The part of the aggregator's report (`GET /v1/reports/dossiers`, DossierReportDto in libs/contracts)
 * that scoring reads: the counts are the contracts' `CountFigures`, the scoring part the subset read here (the body
 * arrives as untrusted JSON over HTTP and is checked field by field). `ReportSatisfiesInput` makes any drift
 * between the contracts' report and this input a compile error.
 */
export interface ReportFiguresInput extends CountFigures {
  readonly unit: { readonly code: string; readonly name: string; readonly level: string };
  readonly from: string;
  readonly to: string;
  readonly hierarchy: string;
  readonly countingRules: string;
  readonly scoring: {
    /** Unfolded finishes (newer aggregators): preferred over the form's resolved / returned / withdrawn. */
    readonly finished?: {
      readonly early: number;
      readonly onTime: number;
      readonly late: number;
      readonly returned: number;
      readonly withdrawn: number;
    };
    /** More than one supplement request (newer aggregators; an older one's reports read as 0). */
    readonly repeatedSupplement?: { readonly resolvedEarlyOrOnTime: number; readonly pendingInTime: number };
    readonly lateWithApology: { readonly count: number };
    readonly lateWithoutApology: number;
    readonly feeBearing: number;
    readonly paidOnline: { readonly count: number };
    readonly electronicResult: { readonly count: number };
    readonly digitized: { readonly count: number };
    readonly receivedOnlineFull: { readonly count: number };
    readonly receivedOnlinePartial: { readonly count: number };
    readonly satisfaction: { readonly sum: number; readonly count: number };
    readonly resolutionWorkingDays: { readonly sum: number; readonly count: number };
  };
  /** Rows (with `by=child`): the II.06a figures of each child, and its `scoring` figures when the aggregator sends them. */
  readonly rows?: readonly ReportRowInput[];
}

/** True only while every report the aggregator can send is a valid input here (else the build fails below). */
export type ReportSatisfiesInput = DossierReportDto extends ReportFiguresInput ? true : false;
export const REPORT_SATISFIES_INPUT: ReportSatisfiesInput = true;

/** A `by=child` row: the child's code and name, its II.06a figures and (newer aggregators) its `scoring` figures. */
export type ReportRowInput = { readonly key: string; readonly label: string } & Partial<
  Omit<ReportFiguresInput, 'unit' | 'from' | 'to' | 'hierarchy' | 'countingRules' | 'rows'>
>;

/** The report body does not have the shape scoring needs (names the path). */
export class ReportShapeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReportShapeError';
  }
}

function at(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function figure(body: unknown, path: string, prefix = ''): number {
  const value = at(body, path);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ReportShapeError(
      prefix + path,
      `report: ${prefix}${path} must be a finite number, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function str(body: unknown, path: string): string {
  const value = at(body, path);
  if (typeof value !== 'string' || value.length === 0)
    throw new ReportShapeError(path, `report: ${path} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/** Checks the parts of a report body that scoring reads; throws ReportShapeError naming the first bad path. */
export function parseReportBody(body: unknown): ReportFiguresInput {
  if (body === null || typeof body !== 'object')
    throw new ReportShapeError('', 'report: the body is not a JSON object');
  for (const path of ['unit.code', 'unit.level', 'from', 'to', 'hierarchy', 'countingRules']) str(body, path);
  toScoringFigures(body as ReportFiguresInput);
  const rows = at(body, 'rows');
  if (rows !== undefined) {
    if (!Array.isArray(rows)) throw new ReportShapeError('rows', 'report: rows must be an array');
    rows.forEach((row: ReportRowInput, i) => {
      str(body, `rows.${i}.key`);
      // A row with `scoring` is scored like a report: its figures must be complete.
      if (row.scoring !== undefined) toScoringFigures(row as unknown as ReportFiguresInput, `rows.${i}.`);
    });
  }
  return body as ReportFiguresInput;
}

/**
 * The children's reports inside a `by=child` report, one per row, when the rows carry `scoring`
 * (null when they do not: an aggregator without scoring figures in its rows). `levelOf` names each
 * child's level (the rows do not).
 */
export function childReports(
  parent: ReportFiguresInput,
  levelOf: (code: string) => string,
): ReportFiguresInput[] | null {
  const rows = parent.rows ?? [];
  if (rows.some((row) => row.scoring === undefined)) return null;
  const { from, to, hierarchy, countingRules } = parent;
  return rows.map(({ key, label, ...figures }) => ({
    ...(figures as ReportFiguresInput),
    unit: { code: key, name: label, level: levelOf(key) },
    from,
    to,
    hierarchy,
    countingRules,
  }));
}

/**
 * Report figures → the scoring-rules input (pure). Conversions (docs/scoring.md §2):
 * - resolved / returned / withdrawn come from `scoring.finished` when the report has it: the finishes
 *   as they were, whatever the report's `foldReturnedIntoOnTime` (scores must not depend on a read
 *   option); an older report's own columns otherwise;
 * - shares `{count, of, rate}` → `.count`; averages `{sum, count}` → the two sums;
 * - satisfaction is already in ratings 1–5 (the report divides the milli-sum by 1000);
 * - `digitizedReused`, `syncedToNationalPortal` and `procedures` are left absent: the report has no
 *   counter for the first two and no procedure catalogue (its `procedures.withDossiers` is not the
 *   catalogue's total), so the indicators reading them fall back to manual inputs or "not available".
 *
 * @throws ReportShapeError naming the path (after `pathPrefix`, e.g. `rows.3.`) of a missing or non-numeric figure.
 */
export function toScoringFigures(report: ReportFiguresInput, pathPrefix = ''): ScoringFigures {
  const num = (body: unknown, path: string) => figure(body, path, pathPrefix);
  const finished = at(report, 'scoring.finished') === undefined ? null : 'scoring.finished.';
  const repeated = at(report, 'scoring.repeatedSupplement') === undefined ? null : 'scoring.repeatedSupplement.';
  const resolved = finished
    ? {
        early: num(report, `${finished}early`),
        onTime: num(report, `${finished}onTime`),
        late: num(report, `${finished}late`),
      }
    : {
        early: num(report, 'resolved.early'),
        onTime: num(report, 'resolved.onTime'),
        late: num(report, 'resolved.late'),
      };
  return {
    received: {
      total: num(report, 'received.total'),
      inPeriod: {
        total: num(report, 'received.inPeriod.total'),
        online: num(report, 'received.inPeriod.online'),
        direct: num(report, 'received.inPeriod.direct'),
        postal: num(report, 'received.inPeriod.postal'),
      },
      carriedOver: num(report, 'received.carriedOver'),
    },
    resolved: { total: resolved.early + resolved.onTime + resolved.late, ...resolved },
    returned: num(report, finished ? `${finished}returned` : 'returned'),
    withdrawn: num(report, finished ? `${finished}withdrawn` : 'withdrawn'),
    pending: {
      total: num(report, 'pending.total'),
      inTime: num(report, 'pending.inTime'),
      overdue: num(report, 'pending.overdue'),
    },
    repeatedSupplement: {
      resolvedEarlyOrOnTime: repeated ? num(report, `${repeated}resolvedEarlyOrOnTime`) : 0,
      pendingInTime: repeated ? num(report, `${repeated}pendingInTime`) : 0,
    },
    lateWithApology: num(report, 'scoring.lateWithApology.count'),
    lateWithoutApology: num(report, 'scoring.lateWithoutApology'),
    feeBearing: num(report, 'scoring.feeBearing'),
    paidOnline: num(report, 'scoring.paidOnline.count'),
    electronicResult: num(report, 'scoring.electronicResult.count'),
    digitized: num(report, 'scoring.digitized.count'),
    satisfactionSum: num(report, 'scoring.satisfaction.sum'),
    satisfactionCount: num(report, 'scoring.satisfaction.count'),
    resolutionWorkingDaysSum: num(report, 'scoring.resolutionWorkingDays.sum'),
    resolutionWorkingDaysCount: num(report, 'scoring.resolutionWorkingDays.count'),
    receivedOnlineFull: num(report, 'scoring.receivedOnlineFull.count'),
    receivedOnlinePartial: num(report, 'scoring.receivedOnlinePartial.count'),
  };
}
