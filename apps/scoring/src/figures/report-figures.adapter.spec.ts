import { assertScoringFigures, defaultRuleSetCatalog, scoreUnit } from '@dossier-ledger/scoring-rules';
import { childRowOf, reportFixture, share } from '../testing/report-fixture';
import { ReportShapeError, childReports, parseReportBody, toScoringFigures } from './report-figures.adapter';

describe('toScoringFigures (report → scoring-rules input)', () => {
  it('copies the II.06a columns and takes .count of shares and the two sums of averages', () => {
    const figures = toScoringFigures(reportFixture());
    expect(figures).toEqual({
      received: { total: 120, inPeriod: { total: 100, online: 60, direct: 35, postal: 5 }, carriedOver: 20 },
      resolved: { total: 90, early: 50, onTime: 30, late: 10 },
      returned: 4,
      withdrawn: 1,
      pending: { total: 25, inTime: 20, overdue: 5 },
      lateWithApology: 7,
      lateWithoutApology: 3,
      feeBearing: 40,
      paidOnline: 15,
      electronicResult: 70,
      digitized: 85,
      satisfactionSum: 212.5,
      satisfactionCount: 50,
      resolutionWorkingDaysSum: 540,
      resolutionWorkingDaysCount: 90,
      receivedOnlineFull: 35,
      receivedOnlinePartial: 25,
      repeatedSupplement: { resolvedEarlyOrOnTime: 0, pendingInTime: 0 },
    });
    expect(() => assertScoringFigures(figures)).not.toThrow();
  });

  it('copies the repeated-supplement figures; a report of an older aggregator without them reads 0', () => {
    const base = reportFixture();
    const repeatedSupplement = { resolvedEarlyOrOnTime: 6, pendingInTime: 2 };
    expect(toScoringFigures({ ...base, scoring: { ...base.scoring, repeatedSupplement } }).repeatedSupplement).toEqual(
      repeatedSupplement,
    );
    const { repeatedSupplement: _absent, ...older } = base.scoring;
    expect(toScoringFigures({ ...base, scoring: older }).repeatedSupplement).toEqual({
      resolvedEarlyOrOnTime: 0,
      pendingInTime: 0,
    });
  });

  it('scores the same whatever the report folded returned and withdrawn dossiers into on time (issue 14)', () => {
    // The same window read with foldReturnedIntoOnTime: 4 returned + 1 withdrawn shown as on time.
    const folded = reportFixture({
      countingRules: 'vn-v1+foldReturned',
      resolved: { total: 95, early: 50, onTime: 35, late: 10 },
      returned: 0,
      withdrawn: 0,
    });
    expect(toScoringFigures(folded)).toEqual(toScoringFigures(reportFixture()));
    const rs = defaultRuleSetCatalog().resolve('766', '2024-03-31');
    expect(scoreUnit(toScoringFigures(folded), rs)).toEqual(scoreUnit(toScoringFigures(reportFixture()), rs));
    // An older aggregator without scoring.finished: its own columns are used.
    const { finished: _unused, ...older } = reportFixture().scoring;
    expect(toScoringFigures({ ...folded, scoring: older }).resolved.total).toBe(95);
  });

  it('leaves digitizedReused, syncedToNationalPortal and procedures absent (no counter, no catalogue)', () => {
    const figures = toScoringFigures(reportFixture());
    expect(figures.digitizedReused).toBeUndefined();
    expect(figures.syncedToNationalPortal).toBeUndefined();
    expect(figures.procedures).toBeUndefined();
    // …so the indicators reading them are manual or not available, not computed from the wrong numbers.
    const score = scoreUnit(figures, defaultRuleSetCatalog().resolve('766', '2024-03-31'));
    expect(score.notAvailable).toEqual(expect.arrayContaining(['digitized-reused']));
    expect(score.missingManualInputs).toEqual(expect.arrayContaining(['online-procedures']));
  });

  it('keeps satisfaction in ratings 1–5 (the report already divided the milli-sum)', () => {
    const figures = toScoringFigures(reportFixture());
    expect(figures.satisfactionSum / figures.satisfactionCount).toBe(4.25);
  });

  it('scores an all-zero window without throwing', () => {
    const zero = reportFixture({
      received: { total: 0, inPeriod: { total: 0, online: 0, direct: 0, postal: 0 }, carriedOver: 0 },
      resolved: { total: 0, early: 0, onTime: 0, late: 0 },
      returned: 0,
      withdrawn: 0,
      pending: {
        total: 0,
        inTime: 0,
        overdue: 0,
        byState: { processing: 0, waitingSupplement: 0, waitingPayment: 0, paused: 0 },
      },
      scoring: {
        finished: { early: 0, onTime: 0, late: 0, returned: 0, withdrawn: 0 },
        repeatedSupplement: { resolvedEarlyOrOnTime: 0, pendingInTime: 0 },
        lateWithApology: share(0, 0),
        lateWithoutApology: 0,
        feeBearing: 0,
        paidOnline: share(0, 0),
        electronicResult: share(0, 0),
        digitized: share(0, 0),
        receivedOnlineFull: share(0, 0),
        receivedOnlinePartial: share(0, 0),
        satisfaction: { sum: 0, count: 0, average: null },
        resolutionWorkingDays: { sum: 0, count: 0, average: null },
        procedures: { withDossiers: 0, withOnlineDossiers: 0 },
      },
    });
    expect(() =>
      scoreUnit(toScoringFigures(zero), defaultRuleSetCatalog().resolve('par-dak-nong', '2024-03-31')),
    ).not.toThrow();
  });
});

/** A by=child row as the aggregator sends it: the child's figures, with its `scoring` unless `withScoring` is false. */
const childRow = (key: string, withScoring = true) =>
  childRowOf({ ...reportFixture(), unit: { code: key, name: `Unit ${key}`, level: 'commune' } }, withScoring);

describe('parseReportBody (untrusted JSON from the report API)', () => {
  const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

  it('accepts a report, with or without child rows', () => {
    expect(parseReportBody(json(reportFixture())).unit.code).toBe('001');
    const withRows = parseReportBody(json({ ...reportFixture(), rows: [{ key: '00001', label: 'Phường Phúc Xá' }] }));
    expect(withRows.rows?.map((row) => row.key)).toEqual(['00001']);
  });

  /** Sets (or deletes, with undefined) the value at a dotted path of a JSON copy of a report. */
  function spoiled(path: string, value: unknown): unknown {
    const body = json(reportFixture()) as Record<string, unknown>;
    const parts = path.split('.');
    let target = body;
    for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
    const last = parts[parts.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
    return body;
  }

  it.each([
    ['scoring.lateWithApology.count', spoiled('scoring.lateWithApology', undefined)],
    ['scoring.satisfaction.sum', spoiled('scoring.satisfaction.sum', '212')],
    ['received.inPeriod.online', spoiled('received.inPeriod.online', null)],
    ['unit.code', spoiled('unit.code', undefined)],
    ['rows.0.key', spoiled('rows', [{ label: 'x' }])],
    [
      'rows.0.scoring.digitized.count',
      spoiled('rows', [{ ...childRow('00001'), scoring: { ...reportFixture().scoring, digitized: {} } }]),
    ],
  ])('names the bad path %s', (path, body) => {
    let caught: unknown;
    try {
      parseReportBody(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReportShapeError);
    expect((caught as ReportShapeError).path).toBe(path);
  });

  it('turns rows with scoring figures into the children’s reports, and says when rows have none', () => {
    const parent = parseReportBody(json({ ...reportFixture(), rows: [childRow('00001'), childRow('00004')] }));
    const children = childReports(parent, () => 'commune');
    expect(children?.map((child) => [child.unit, child.from, child.to, child.hierarchy])).toEqual([
      [{ code: '00001', name: 'Unit 00001', level: 'commune' }, '2024-01-01', '2024-03-31', 'units-2023-04-10.v1'],
      [{ code: '00004', name: 'Unit 00004', level: 'commune' }, '2024-01-01', '2024-03-31', 'units-2023-04-10.v1'],
    ]);
    expect(toScoringFigures(children?.[0] as never)).toEqual(toScoringFigures(reportFixture()));
    expect(
      childReports(parseReportBody(json({ ...reportFixture(), rows: [childRow('00001', false)] })), () => 'commune'),
    ).toBeNull();
  });

  it('rejects a body that is not an object', () => {
    expect(() => parseReportBody('nope')).toThrow('not a JSON object');
  });
});
