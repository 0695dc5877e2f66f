import { parseIsoLocalDate } from '@dossier-ledger/calendar';
import { DossierStory } from '../testing/dossier-story';
import { NEW_ERA, OLD_ERA, TEST_HIERARCHY } from '../testing/fake-hierarchy';
import { foldAll, storeOf } from '../testing/pipeline';
import { DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import type { DossierReport } from './dossier-report.dto';
import { readDossierReport, readProcedureFigures, readUnitFigures, readUnitScoring } from './read-report';
import { computeReportDirect } from './report-direct';

interface Options {
  unit?: string;
  era?: string;
  rules?: CountingRules;
  children?: string[];
}

/** Reads the report through the buckets, checks the direct oracle agrees, and returns it. */
function report(stories: DossierStory[], from: string, to: string, options: Options = {}): DossierReport {
  const rules = options.rules ?? DEFAULT_COUNTING_RULES;
  const facts = foldAll(
    stories.map((s) => s.events),
    rules,
  );
  const query = {
    era: options.era ?? OLD_ERA,
    unitCode: options.unit ?? 'C11',
    from: parseIsoLocalDate(from),
    to: parseIsoLocalDate(to),
    childUnitCodes: options.children,
  };
  const viaBuckets = readDossierReport(storeOf(facts, rules), query, rules);
  expect(viaBuckets).toEqual(computeReportDirect(facts, TEST_HIERARCHY, query, query.unitCode, rules));
  expect(viaBuckets.received.total).toBe(
    viaBuckets.resolved.total + viaBuckets.returned + viaBuckets.withdrawn + viaBuckets.pending.total,
  );
  return viaBuckets;
}

const receive = (
  id: string,
  on: string,
  due: string | null = null,
  extra: Partial<Parameters<typeof DossierStory.receive>[1]> = {},
): DossierStory => DossierStory.receive(id, { unit: 'C11', on, due, ...extra });

const FROM = '2024-03-01';
const TO = '2024-03-31';

describe('readDossierReport: window edges', () => {
  it('counts a dossier received on `from` as new, one received the day before as carried over', () => {
    const r = report([receive('a', '2024-03-01'), receive('b', '2024-02-29')], FROM, TO);
    expect(r.received).toEqual({ total: 2, inPeriod: { total: 1, online: 1, direct: 0, postal: 0 }, carriedOver: 1 });
  });

  it('counts a dossier finished on `to` as resolved, one finished the day after as pending', () => {
    const r = report(
      [
        receive('a', '2024-03-10', '2024-04-10').resolved('2024-03-31'),
        receive('b', '2024-03-10', '2024-04-10').resolved('2024-04-01'),
      ],
      FROM,
      TO,
    );
    expect(r.resolved).toEqual({ total: 1, early: 1, onTime: 0, late: 0 });
    expect(r.pending.total).toBe(1);
  });

  it('leaves out a dossier finished before `from`, and one received after `to`', () => {
    const r = report([receive('a', '2024-02-10').resolved('2024-02-29'), receive('b', '2024-04-01')], FROM, TO);
    expect(r.received.total).toBe(0);
    expect(r.rows.byLevel).toEqual([]);
  });

  it('keeps a dossier due on `to` within time at `to`, and one due on to−1 overdue', () => {
    const r = report([receive('a', '2024-03-10', '2024-03-31'), receive('b', '2024-03-10', '2024-03-30')], FROM, TO);
    expect(r.pending).toMatchObject({ total: 2, inTime: 1, overdue: 1 });
  });

  it('turns overdue on the day after the due date without any event', () => {
    const stories = [receive('a', '2024-03-10', '2024-03-15')];
    expect(report(stories, FROM, '2024-03-15').pending.overdue).toBe(0);
    expect(report(stories, FROM, '2024-03-16').pending.overdue).toBe(1);
  });

  it('carries over what was open at the end of from − 1 and resolves it in the window', () => {
    const r = report([receive('a', '2024-02-20', '2024-03-05').resolved('2024-03-05')], FROM, TO);
    expect(r.received).toMatchObject({ total: 1, carriedOver: 1, inPeriod: { total: 0 } });
    expect(r.resolved.onTime).toBe(1);
  });

  it('never makes a dossier received and resolved the same day pending', () => {
    const r = report([receive('a', '2024-03-05', '2024-03-05').resolved('2024-03-05')], '2024-03-05', '2024-03-05');
    expect(r.received.total).toBe(1);
    expect(r.resolved.onTime).toBe(1);
    expect(r.pending.total).toBe(0);
  });
});

describe('readDossierReport: rules', () => {
  it('classifies early / on time / late by date, and on time without a due date', () => {
    const r = report(
      [
        receive('early', '2024-03-01', '2024-03-10').resolved('2024-03-09'),
        receive('due-day', '2024-03-01', '2024-03-10').resolved('2024-03-10'),
        receive('late', '2024-03-01', '2024-03-10').resolved('2024-03-11'),
        receive('no-due', '2024-03-01', null).resolved('2024-03-30'),
      ],
      FROM,
      TO,
    );
    expect(r.resolved).toEqual({ total: 4, early: 1, onTime: 2, late: 1 });
    expect(r.rates.onTime).toBeCloseTo(3 / 4);
    expect(r.rates.late).toBeCloseTo(1 / 4);
  });

  it('keeps a dossier waiting for a supplement within time past its old due date, and shows it by state', () => {
    const r = report([receive('a', '2024-03-01', '2024-03-05').supplementRequested('2024-03-04')], FROM, TO);
    expect(r.pending).toEqual({
      total: 1,
      inTime: 1,
      overdue: 0,
      byState: { processing: 0, waitingSupplement: 1, waitingPayment: 0, paused: 0 },
    });
  });

  it('counts paused and payment-waiting dossiers within time', () => {
    const r = report(
      [
        receive('a', '2024-03-01', '2024-03-05').paused('2024-03-04'),
        receive('b', '2024-03-01', '2024-03-05').paymentRequested('2024-03-02'),
      ],
      FROM,
      TO,
    );
    expect(r.pending).toMatchObject({ inTime: 2, overdue: 0, byState: { paused: 1, waitingPayment: 1 } });
  });

  it('judges lateness against the due date moved by the supplement', () => {
    const story = receive('a', '2024-03-01', '2024-03-05')
      .supplementRequested('2024-03-04')
      .supplementReceived('2024-03-11', '2024-03-14');
    expect(report([story], FROM, '2024-03-14').pending).toMatchObject({ inTime: 1, overdue: 0 });
    expect(report([story], FROM, '2024-03-15').pending).toMatchObject({ inTime: 0, overdue: 1 });
    expect(report([story.resolved('2024-03-13')], FROM, TO).resolved.early).toBe(1);
  });

  it('does not make a late dossier on time with an apology, but counts it apart', () => {
    const r = report(
      [
        receive('a', '2024-03-01', '2024-03-05').apology('2024-03-04', '2024-03-12').resolved('2024-03-10'),
        receive('b', '2024-03-01', '2024-03-05').resolved('2024-03-10'),
      ],
      FROM,
      TO,
    );
    expect(r.resolved.late).toBe(2);
    expect(r.scoring.lateWithApology).toEqual({ count: 1, of: 2, rate: 0.5 });
    expect(r.scoring.lateWithoutApology).toBe(1);
  });

  it('keeps the channel and the counts of a transferred dossier with the receiving unit by default', () => {
    const story = receive('a', '2024-03-01', '2024-03-20').transferred('2024-03-02', 'D2').resolved('2024-03-10');
    const atReceiver = report([story], FROM, TO);
    expect(atReceiver.received.inPeriod.online).toBe(1);
    expect(atReceiver.resolved.total).toBe(1);
    expect(report([story], FROM, TO, { unit: 'D2' }).received.total).toBe(0);
  });

  it('attributes the whole dossier to the last transfer target under the resolving-unit rule, channel kept', () => {
    const rules: CountingRules = { ...DEFAULT_COUNTING_RULES, owner: 'resolvingUnit' };
    const story = receive('a', '2024-03-01', '2024-03-20').transferred('2024-03-02', 'D2').resolved('2024-03-10');
    const r = report([story], FROM, TO, { unit: 'D2', rules });
    expect(r.countingRules).toBe('vn-v1+owner=resolvingUnit');
    expect(r.received.inPeriod.online).toBe(1);
    expect(r.rows.byLevel.map((row) => row.key)).toEqual(['district']);
    expect(report([story], FROM, TO, { unit: 'C11', rules }).received.total).toBe(0);
  });

  it('never counts a dossier refused at intake; one refused after its receipt is returned (issue 14)', () => {
    const r = report(
      [DossierStory.unreceived('a', 'C11').rejected('2024-03-02'), receive('b', '2024-03-02').rejected('2024-03-02')],
      FROM,
      TO,
    );
    expect(r.received.total).toBe(1);
    expect(r.returned).toBe(1);
  });

  it('gives returned and withdrawn dossiers their own figures, or folds them into on time', () => {
    const stories = [
      receive('a', '2024-03-01', '2024-03-02').returned('2024-03-10'),
      receive('b', '2024-03-01').withdrawn('2024-03-11'),
      receive('c', '2024-03-01', '2024-03-20').resolved('2024-03-05'),
    ];
    const own = report(stories, FROM, TO);
    expect(own).toMatchObject({ returned: 1, withdrawn: 1, resolved: { total: 1, early: 1, onTime: 0 } });
    const folded = report(stories, FROM, TO, { rules: { ...DEFAULT_COUNTING_RULES, foldReturnedIntoOnTime: true } });
    expect(folded).toMatchObject({
      returned: 0,
      withdrawn: 0,
      resolved: { total: 3, early: 1, onTime: 2 },
      countingRules: 'vn-v1+foldReturned',
    });
    expect(folded.received.total).toBe(3);
    // The scoring figures keep the finishes as they were (issue 14): scores do not follow the read option.
    expect(folded.scoring).toEqual(own.scoring);
    expect(folded.scoring.finished).toEqual({ early: 1, onTime: 0, late: 0, returned: 1, withdrawn: 1 });
  });

  it('finishes on the result return under the resultReturned rule', () => {
    const rules: CountingRules = { ...DEFAULT_COUNTING_RULES, finishOn: 'resultReturned' };
    const story = receive('a', '2024-03-01', '2024-03-10').resolved('2024-03-08').resultReturned('2024-03-12');
    expect(report([story], FROM, TO).resolved.early).toBe(1);
    const r = report([story], FROM, TO, { rules });
    expect(r.resolved.late).toBe(1);
    expect(report([story], FROM, '2024-03-11', { rules }).pending).toMatchObject({ total: 1, overdue: 1 });
  });
});

describe('readDossierReport: rows, rates, scoring', () => {
  const stories = (): DossierStory[] => [
    DossierStory.receive('p', { unit: 'P', on: '2024-03-02', field: 'DD', channel: 'direct' }),
    DossierStory.receive('d', { unit: 'D1', on: '2024-03-02', field: 'DD', channel: 'postal', due: '2024-03-04' }),
    DossierStory.receive('c11', {
      unit: 'C11',
      on: '2024-03-02',
      field: 'HT',
      procedure: 'PR1',
      serviceLevel: 'full',
      feeBearing: true,
      due: '2024-03-08',
    })
      .digitized('2024-03-02')
      .paymentCompleted('2024-03-03', true)
      .resolved('2024-03-06', true)
      .rated('2024-03-07', 4),
    DossierStory.receive('c12', {
      unit: 'C12',
      on: '2024-03-03',
      field: 'HT',
      procedure: 'PR2',
      serviceLevel: 'partial',
    }).rated('2024-03-04', 5),
    DossierStory.receive('c21', { unit: 'C21', on: '2024-03-03', field: 'DD', channel: 'direct', procedure: 'PR2' }),
  ];

  it('splits a province report by level, field and child unit', () => {
    const r = report(stories(), FROM, TO, { unit: 'P', children: ['D1', 'D2', 'X'] });
    expect(r.received.total).toBe(5);
    expect(r.rows.byLevel.map((row) => [row.key, row.label, row.received.total])).toEqual([
      ['province', 'Cấp tỉnh', 1],
      ['district', 'Cấp huyện', 1],
      ['commune', 'Cấp xã', 3],
    ]);
    expect(r.rows.byLevel[2].fields.map((row) => [row.key, row.received.total])).toEqual([
      ['DD', 1],
      ['HT', 2],
    ]);
    expect(r.rows.byField.map((row) => [row.key, row.received.total])).toEqual([
      ['DD', 3],
      ['HT', 2],
    ]);
    expect(r.rows.byChild.map((row) => [row.key, row.received.total])).toEqual([
      ['D1', 3],
      ['D2', 1],
      ['X', 0],
    ]);
    expect(r.rates.online).toBeCloseTo(2 / 5);
    expect(r.pending).toMatchObject({ total: 4, overdue: 1 });
  });

  it('computes the scoring figures', () => {
    const r = report(stories(), FROM, TO, { unit: 'P' });
    expect(r.scoring).toEqual({
      finished: {
        early: r.resolved.early,
        onTime: r.resolved.onTime,
        late: r.resolved.late,
        returned: r.returned,
        withdrawn: r.withdrawn,
      },
      repeatedSupplement: { resolvedEarlyOrOnTime: 0, pendingInTime: 0 },
      lateWithApology: { count: 0, of: 0, rate: null },
      lateWithoutApology: 0,
      feeBearing: 1,
      paidOnline: { count: 1, of: 1, rate: 1 },
      electronicResult: { count: 1, of: 1, rate: 1 },
      digitized: { count: 1, of: 5, rate: 0.2 },
      receivedOnlineFull: { count: 1, of: 2, rate: 0.5 },
      receivedOnlinePartial: { count: 1, of: 2, rate: 0.5 },
      satisfaction: { sum: 9, count: 2, average: 4.5 },
      resolutionWorkingDays: { sum: 3, count: 1, average: 3 },
      procedures: { withDossiers: 2, withOnlineDossiers: 2 },
    });
  });

  it('gives null rates when nothing was resolved or received', () => {
    const r = report([], FROM, TO);
    expect(r.rates).toEqual({ onTime: null, late: null, online: null });
  });

  it('reads per-procedure figures and unit totals', () => {
    const facts = foldAll(stories().map((s) => s.events));
    const store = storeOf(facts);
    const window = { era: OLD_ERA, unitCode: 'P', from: parseIsoLocalDate(FROM), to: parseIsoLocalDate(TO) };
    expect(readProcedureFigures(store, window)).toEqual([
      { procedureCode: 'PR1', received: 3, receivedOnline: 1, resolutionWorkingDays: { sum: 3, count: 1, average: 3 } },
      {
        procedureCode: 'PR2',
        received: 2,
        receivedOnline: 1,
        resolutionWorkingDays: { sum: 0, count: 0, average: null },
      },
    ]);
    expect(readUnitFigures(store, { ...window, unitCode: 'D1' }).received.total).toBe(3);
  });

  it("reads each child unit's scoring inputs, the same as the child's own report", () => {
    const store = storeOf(foldAll(stories().map((s) => s.events)));
    const window = { era: OLD_ERA, from: parseIsoLocalDate(FROM), to: parseIsoLocalDate(TO) };
    const d1 = readUnitScoring(store, { ...window, unitCode: 'D1' });
    expect(d1).toEqual(readDossierReport(store, { ...window, unitCode: 'D1' }).scoring);
    expect(d1).toMatchObject({
      feeBearing: 1,
      digitized: { count: 1, of: 3 },
      procedures: { withDossiers: 2, withOnlineDossiers: 2 },
    });
    expect(readUnitScoring(store, { ...window, unitCode: 'D2' })).toMatchObject({
      feeBearing: 0,
      digitized: { count: 0, of: 1 },
      procedures: { withDossiers: 1 },
    });
    expect(readUnitScoring(store, { ...window, unitCode: 'X' }).procedures).toEqual({
      withDossiers: 0,
      withOnlineDossiers: 0,
    });
  });

  it('rolls old-era dossiers up into the new era through the mapping', () => {
    const r = report(stories(), FROM, TO, { era: NEW_ERA, unit: 'P', children: ['N1', 'N2'] });
    expect(r.rows.byLevel.map((row) => [row.key, row.received.total])).toEqual([
      ['province', 1],
      ['commune', 4],
    ]);
    expect(r.rows.byChild.map((row) => row.received.total)).toEqual([3, 1]);
  });

  it('refuses a window that ends before it starts, and a store built under other rules', () => {
    const store = storeOf([]);
    const query = { era: OLD_ERA, unitCode: 'P', from: parseIsoLocalDate(TO), to: parseIsoLocalDate(FROM) };
    expect(() => readDossierReport(store, query)).toThrow(RangeError);
    const swapped = { ...query, from: query.to, to: query.from };
    expect(() => readDossierReport(store, swapped, { ...DEFAULT_COUNTING_RULES, finishOn: 'resultReturned' })).toThrow(
      /other store/,
    );
    expect(
      readDossierReport(store, swapped, { ...DEFAULT_COUNTING_RULES, foldReturnedIntoOnTime: true }).countingRules,
    ).toBe('vn-v1+foldReturned');
  });
});
