import { parseIsoLocalDate, toDayNumber } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { DossierStory } from '../testing/dossier-story';
import { checkedReport as reportOf } from '../testing/pipeline';
import { foldDossier } from './fold-dossier';

const day = (iso: string): number => toDayNumber(parseIsoLocalDate(iso));

/** The example: received Mon 04/03/2024, due Fri 08/03, supplement 05/03 → 12/03, resolved 13/03. */
const supplementStory = (): DossierStory =>
  DossierStory.receive('W', { unit: 'C11', on: '2024-03-04', due: '2024-03-08' })
    .supplementRequested('2024-03-05')
    .supplementReceived('2024-03-12');

describe('waiting for the applicant moves the appointment (item 1)', () => {
  it('moves the due date by the working days waited when the source sends no new date', () => {
    const facts = foldDossier(supplementStory().resolved('2024-03-13').events);
    // (05/03, 12/03] holds 5 working days: 08/03 + 5 working days = Fri 15/03.
    expect(facts.dueTimeline).toEqual([
      { day: day('2024-03-04'), dueDay: day('2024-03-08') },
      { day: day('2024-03-12'), dueDay: day('2024-03-15') },
    ]);
    // (04/03, 13/03] = 7 working days, 5 of them the applicant's.
    expect(facts.resolutionWorkingDays).toBe(2);
    const march = reportOf([facts], '2024-03-01', '2024-03-31');
    expect(march.resolved).toEqual({ total: 1, early: 1, onTime: 0, late: 0 });
    expect(march.scoring.resolutionWorkingDays).toEqual({ sum: 2, count: 1, average: 2 });
  });

  it('shows the dossier pending in time while it waits and on the day the supplement arrives', () => {
    const facts = foldDossier(supplementStory().events);
    expect(reportOf([facts], '2024-03-01', '2024-03-11').pending).toMatchObject({
      total: 1,
      inTime: 1,
      overdue: 0,
      byState: { processing: 0, waitingSupplement: 1, waitingPayment: 0, paused: 0 },
    });
    expect(reportOf([facts], '2024-03-01', '2024-03-12').pending).toMatchObject({ total: 1, inTime: 1, overdue: 0 });
    // Overdue only after the moved date.
    expect(reportOf([facts], '2024-03-01', '2024-03-15').pending).toMatchObject({ inTime: 1, overdue: 0 });
    expect(reportOf([facts], '2024-03-01', '2024-03-18').pending).toMatchObject({ inTime: 0, overdue: 1 });
  });

  it('lets a date sent by the source win over the shift', () => {
    const withDate = foldDossier(
      DossierStory.receive('W', { unit: 'C11', on: '2024-03-04', due: '2024-03-08' })
        .supplementRequested('2024-03-05')
        .supplementReceived('2024-03-12', '2024-03-13')
        .resolved('2024-03-14').events,
    );
    expect(withDate.dueTimeline.at(-1)).toEqual({ day: day('2024-03-12'), dueDay: day('2024-03-13') });
    expect(reportOf([withDate], '2024-03-01', '2024-03-31').resolved.late).toBe(1);
    // A DueDateChanged during the wait is the source's date for that round too.
    const changedDuring = foldDossier(
      DossierStory.receive('W', { unit: 'C11', on: '2024-03-04', due: '2024-03-08' })
        .supplementRequested('2024-03-05')
        .dueChanged('2024-03-06', '2024-03-11')
        .supplementReceived('2024-03-12').events,
    );
    expect(changedDuring.dueTimeline.at(-1)).toEqual({ day: day('2024-03-06'), dueDay: day('2024-03-11') });
  });

  it('counts fee waits and pauses, and a wait ended by the finish itself', () => {
    const facts = foldDossier(
      DossierStory.receive('W', { unit: 'C11', on: '2024-03-04', due: '2024-03-08' })
        .paymentRequested('2024-03-05')
        .paymentCompleted('2024-03-07', true) // (05, 07]: 2 working days → due 12/03
        .paused('2024-03-08')
        .resolved('2024-03-13').events, // (08, 13]: 3 more → due 15/03, resolved early
    );
    expect(facts.dueTimeline.map((s) => s.dueDay)).toEqual([day('2024-03-08'), day('2024-03-12'), day('2024-03-15')]);
    expect(facts.resolutionWorkingDays).toBe(7 - 5);
    expect(reportOf([facts], '2024-03-01', '2024-03-31').resolved.early).toBe(1);
  });

  it('keeps a dossier without an appointment date without one', () => {
    const facts = foldDossier(
      DossierStory.receive('W', { unit: 'C11', on: '2024-03-04' })
        .paused('2024-03-05')
        .resumed('2024-03-12')
        .resolved('2024-03-13').events,
    );
    expect(facts.dueTimeline).toEqual([{ day: day('2024-03-04'), dueDay: null }]);
    expect(facts.resolutionWorkingDays).toBe(2);
  });
});

const event = (
  id: string,
  type: DossierEventV1['type'],
  occurredAt: string,
  seq: number | undefined,
  extra: object = {},
): DossierEventV1 =>
  ({
    eventId: id,
    dossierId: 'S',
    type,
    occurredAt,
    unitCode: 'C11',
    ...(seq === undefined ? {} : { seq }),
    ...extra,
  }) as DossierEventV1;

const receipt = (seq?: number) =>
  event('r', 'DossierReceived', '2024-03-04T10:00:00+07:00', seq, {
    channel: 'online',
    procedureCode: 'PR1',
    fieldCode: 'F1',
    dueAt: '2024-03-08T17:00:00+07:00',
  });

describe("a source's seq order wins over its clock (item 2)", () => {
  it('resolves a dossier whose resolution is stamped a minute before its receipt, and flags the skew', () => {
    const resolved = event('x', 'DossierResolved', '2024-03-04T09:59:00+07:00', 2);
    const facts = foldDossier([resolved, receipt(1)]);
    expect(facts.finish).toEqual({ kind: 'resolved', on: '2024-03-04', day: day('2024-03-04') });
    expect(facts.anomalies).toEqual(['clockSkew']);
    expect(reportOf([facts], '2024-03-01', '2024-03-31').pending.total).toBe(0);
    // Without seq the clock decides, as before: the resolution comes first and is lost.
    const unsequenced = foldDossier([{ ...resolved, seq: undefined }, receipt()]);
    expect(unsequenced.finish).toBeNull();
    expect(unsequenced.anomalies).toEqual(['eventBeforeReceipt']);
  });

  it('keeps the resolution when an event sequenced before it is stamped later (taken at that time)', () => {
    const events = [
      receipt(0),
      event('q', 'SupplementRequested', '2024-03-05T09:00:00+07:00', 1),
      event('g', 'SupplementReceived', '2024-03-20T08:00:00+07:00', 2),
      event('z', 'DossierResolved', '2024-03-13T15:00:00+07:00', 3),
    ];
    const facts = foldDossier(events);
    expect(facts.finish?.on).toBe('2024-03-20');
    expect(facts.anomalies).toEqual(['clockSkew']);
    expect(facts.pendingTimeline.at(-1)?.state).toBe('processing');
  });

  it('orders each source by its own seq and different sources by the clock', () => {
    const a = event('a', 'ProcessingPaused', '2024-03-05T09:00:00+07:00', 7);
    const b = event('b', 'ProcessingResumed', '2024-03-05T08:00:00+07:00', 1);
    const sources: Record<string, string> = { r: 'one-stop', a: 'one-stop', b: 'other-app' };
    const facts = foldDossier([receipt(0), a, b], undefined, (e) => sources[e.eventId]);
    // Different sources: the resume (08:00) comes before the pause (09:00); nothing was moved.
    expect(facts.pendingTimeline.at(-1)).toEqual({ day: day('2024-03-05'), state: 'paused' });
    expect(facts.anomalies).toEqual(['unmatchedResume']);
    // One source: seq 1 (the resume) precedes seq 7 (the pause) anyway, and nothing is skewed.
    expect(foldDossier([receipt(0), a, b]).anomalies).toEqual(['unmatchedResume']);
  });
});

describe('online payment at submission (item 3)', () => {
  it('counts a PaymentCompleted online dated before the receipt as the dossier payment, without an anomaly', () => {
    const paid = event('p', 'PaymentCompleted', '2024-03-03T20:00:00+07:00', undefined, { online: true });
    const resolved = event('z', 'DossierResolved', '2024-03-06T10:00:00+07:00', undefined);
    const facts = foldDossier([paid, receipt(), resolved]);
    expect(facts).toMatchObject({ feeBearing: true, paidOnline: true, anomalies: [] });
    expect(reportOf([facts], '2024-03-01', '2024-03-31').scoring.paidOnline).toEqual({ count: 1, of: 1, rate: 1 });
    // The same with seq after the receipt (the DVCQG mapping's order): no clock-skew flag either.
    const sequenced = foldDossier([{ ...paid, seq: 1 }, receipt(0), { ...resolved, seq: 2 }]);
    expect(sequenced).toMatchObject({ feeBearing: true, paidOnline: true, anomalies: [] });
  });

  it('still ignores and flags a desk payment dated before the receipt', () => {
    const paid = event('p', 'PaymentCompleted', '2024-03-03T20:00:00+07:00', undefined, { online: false });
    expect(foldDossier([paid, receipt()])).toMatchObject({ feeBearing: false, anomalies: ['eventBeforeReceipt'] });
  });
});

describe('a refusal after the receipt (item 4)', () => {
  const story = () =>
    DossierStory.receive('R', { unit: 'C11', on: '2024-03-04', due: '2024-03-20' }).rejected('2024-03-11');

  it('counts the dossier as returned from the refusal day and flags it', () => {
    const facts = foldDossier(story().events);
    expect(facts).toMatchObject({
      counted: true,
      rejected: false,
      finish: { kind: 'returned', on: '2024-03-11' },
      anomalies: ['rejectedAfterReceipt'],
    });
    const before = reportOf([facts], '2024-03-01', '2024-03-08');
    expect(before.received.total).toBe(1);
    expect(before.pending).toMatchObject({ total: 1, inTime: 1 });
    const after = reportOf([facts], '2024-03-01', '2024-03-31');
    expect(after).toMatchObject({ returned: 1, pending: { total: 0 } });
  });

  it('still never counts a dossier refused before its receipt', () => {
    const [received] = story().events;
    const refused = event('x', 'DossierRejected', '2024-03-03T10:00:00+07:00', undefined, { dossierId: 'R' });
    expect(foldDossier([received, { ...refused, dossierId: 'R' }])).toMatchObject({
      counted: false,
      anomalies: ['rejectedButReceived'],
    });
  });
});
