import { parseIsoLocalDate, toDayNumber } from '@dossier-ledger/calendar';
import { DossierStory } from '../testing/dossier-story';
import { listAnomalies } from './anomalies';
import { DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import { foldDossier } from './fold-dossier';

const day = (iso: string): number => toDayNumber(parseIsoLocalDate(iso));
const RESOLVING: CountingRules = { ...DEFAULT_COUNTING_RULES, owner: 'resolvingUnit' };
const ON_RETURN: CountingRules = { ...DEFAULT_COUNTING_RULES, finishOn: 'resultReturned' };

describe('foldDossier', () => {
  it('folds a plain dossier into compact facts', () => {
    const story = DossierStory.receive('A', {
      unit: 'C11',
      on: '2024-02-01',
      due: '2024-02-06',
      channel: 'postal',
      field: 'HT',
      procedure: '1.001',
    })
      .digitized('2024-02-01')
      .resolved('2024-02-05', true)
      .rated('2024-02-07', 4.5);
    const facts = foldDossier(story.events);
    expect(facts).toEqual({
      dossierId: 'A',
      countingRulesId: 'vn-default-v1',
      counted: true,
      ownerUnitCode: 'C11',
      receivingUnitCode: 'C11',
      resolvingUnitCode: null,
      fieldCode: 'HT',
      procedureCode: '1.001',
      channel: 'postal',
      serviceLevel: null,
      feeBearing: false,
      receivedOn: '2024-02-01',
      receivedDay: day('2024-02-01'),
      dueTimeline: [{ day: day('2024-02-01'), dueDay: day('2024-02-06') }],
      pendingTimeline: [{ day: day('2024-02-01'), state: 'processing' }],
      finish: { kind: 'resolved', on: '2024-02-05', day: day('2024-02-05') },
      rejected: false,
      apologyIssued: false,
      apologyPromisedOn: null,
      paidOnline: false,
      electronicResult: true,
      digitized: true,
      satisfaction: { sum: 4.5, count: 1 },
      ratings: [{ day: day('2024-02-07'), milli: 4500 }],
      repeatedSupplementDay: null,
      resolutionWorkingDays: 2, // (Thu 01, Mon 05]: Fri 02 and Mon 05
      anomalies: [],
    });
  });

  it('takes local dates in UTC+7 whatever the offset of the instant', () => {
    const story = DossierStory.receive('A', { unit: 'C11', on: '2024-02-01' });
    const receipt = { ...story.events[0], occurredAt: '2024-01-31T17:30:00Z' };
    expect(foldDossier([receipt]).receivedOn).toBe('2024-02-01');
    expect(foldDossier([{ ...receipt, occurredAt: '2024-01-31T16:59:59Z' }]).receivedOn).toBe('2024-01-31');
  });

  it('gives identical facts for duplicated and shuffled events', () => {
    const events = DossierStory.receive('A', { unit: 'C11', on: '2024-02-01', due: '2024-02-06' })
      .supplementRequested('2024-02-02')
      .supplementReceived('2024-02-09', '2024-02-14')
      .paymentRequested('2024-02-10')
      .paymentCompleted('2024-02-10', true)
      .resolved('2024-02-13').events;
    const reference = foldDossier(events);
    const noisy = [...events].reverse().concat(events.slice(2), [events[0]]);
    expect(foldDossier(noisy)).toEqual(reference);
  });

  it('breaks instant ties by seq, then eventId', () => {
    const [receipt] = DossierStory.receive('A', { unit: 'C11', on: '2024-02-01' }).events;
    const at = '2024-02-02T09:00:00+07:00';
    const pause = {
      eventId: 'z',
      dossierId: 'A',
      type: 'ProcessingPaused',
      occurredAt: at,
      unitCode: 'C11',
      seq: 1,
    } as const;
    const resume = {
      eventId: 'a',
      dossierId: 'A',
      type: 'ProcessingResumed',
      occurredAt: at,
      unitCode: 'C11',
      seq: 2,
    } as const;
    // seq puts the pause first although its eventId sorts last: the dossier ends the day processing.
    expect(foldDossier([resume, pause, receipt]).pendingTimeline).toEqual([
      { day: day('2024-02-01'), state: 'processing' },
    ]);
    // Without seq, eventId decides: 'a' (resume) then 'z' (pause).
    const noSeq = [{ ...pause, seq: undefined }, { ...resume, seq: undefined }, receipt];
    expect(foldDossier(noSeq).pendingTimeline.at(-1)).toEqual({ day: day('2024-02-02'), state: 'paused' });
  });

  it('chooses deterministically between two versions of one eventId, and says so', () => {
    const events = DossierStory.receive('A', { unit: 'C11', on: '2024-02-01' }).resolved('2024-02-03').events;
    const variant = { ...events[1], occurredAt: '2024-02-04T08:00:00+07:00' };
    const a = foldDossier([events[0], events[1], variant]);
    const b = foldDossier([variant, events[0], events[1]]);
    expect(a).toEqual(b);
    expect(a.anomalies).toContain('conflictingDuplicate');
  });

  it('keeps the due timeline: supplement and due change replace the date from their day, an apology does not', () => {
    const facts = foldDossier(
      DossierStory.receive('A', { unit: 'C11', on: '2024-02-01', due: '2024-02-06' })
        .supplementRequested('2024-02-02')
        .supplementReceived('2024-02-08', '2024-02-13')
        .dueChanged('2024-02-12', '2024-02-20')
        .apology('2024-02-19', '2024-02-27').events,
    );
    expect(facts.dueTimeline).toEqual([
      { day: day('2024-02-01'), dueDay: day('2024-02-06') },
      { day: day('2024-02-08'), dueDay: day('2024-02-13') },
      { day: day('2024-02-12'), dueDay: day('2024-02-20') },
    ]);
    expect(facts.pendingTimeline).toEqual([
      { day: day('2024-02-01'), state: 'processing' },
      { day: day('2024-02-02'), state: 'waitingSupplement' },
      { day: day('2024-02-08'), state: 'processing' },
    ]);
    expect(facts.apologyIssued).toBe(true);
    expect(facts.apologyPromisedOn).toBe('2024-02-27');
  });

  it('records the state at the end of each day only', () => {
    const facts = foldDossier(
      DossierStory.receive('A', { unit: 'C11', on: '2024-02-01' })
        .paused('2024-02-03')
        .resumed('2024-02-03')
        .paymentRequested('2024-02-04')
        .paymentCompleted('2024-02-06', false).events,
    );
    expect(facts.pendingTimeline).toEqual([
      { day: day('2024-02-01'), state: 'processing' },
      { day: day('2024-02-04'), state: 'waitingPayment' },
      { day: day('2024-02-06'), state: 'processing' },
    ]);
    expect(facts.feeBearing).toBe(true);
    expect(facts.paidOnline).toBe(false);
  });

  it('keeps the original channel and receiving unit through transfers; the owner follows the rules', () => {
    const events = DossierStory.receive('A', { unit: 'C11', on: '2024-02-01', channel: 'online' })
      .transferred('2024-02-02', 'D1')
      .transferred('2024-02-03', 'P')
      .resolved('2024-02-05').events;
    const byReceiver = foldDossier(events);
    expect(byReceiver).toMatchObject({
      channel: 'online',
      ownerUnitCode: 'C11',
      receivingUnitCode: 'C11',
      resolvingUnitCode: 'P',
    });
    const byResolver = foldDossier(events, RESOLVING);
    expect(byResolver).toMatchObject({
      channel: 'online',
      ownerUnitCode: 'P',
      countingRulesId: 'vn-v1+owner=resolvingUnit',
    });
  });

  it('uses receivingUnitCode of the receipt when given', () => {
    const facts = foldDossier(
      DossierStory.receive('A', { unit: 'AGENCY.1', on: '2024-02-01', receivingUnitCode: 'C12' }).events,
    );
    expect(facts.ownerUnitCode).toBe('C12');
  });

  it('finishes on the result return under the resultReturned rule', () => {
    const events = DossierStory.receive('A', { unit: 'C11', on: '2024-02-01' })
      .resolved('2024-02-05')
      .resultReturned('2024-02-09', 'electronic').events;
    expect(foldDossier(events).finish?.on).toBe('2024-02-05');
    const facts = foldDossier(events, ON_RETURN);
    expect(facts.finish).toEqual({ kind: 'resolved', on: '2024-02-09', day: day('2024-02-09') });
    expect(facts.electronicResult).toBe(true);
    expect(foldDossier(events.slice(0, 2), ON_RETURN).finish).toBeNull();
  });

  it('treats a result return without resolution as the resolution', () => {
    const facts = foldDossier(
      DossierStory.receive('A', { unit: 'C11', on: '2024-02-01' }).resultReturned('2024-02-09').events,
    );
    expect(facts.finish?.on).toBe('2024-02-09');
    expect(facts.anomalies).toEqual(['resultWithoutResolution']);
  });

  it('finishes returned and withdrawn dossiers on their own date under both rules', () => {
    const returned = DossierStory.receive('A', { unit: 'C11', on: '2024-02-01' })
      .returned('2024-02-03')
      .resultReturned('2024-02-04').events;
    expect(foldDossier(returned, ON_RETURN).finish).toEqual({
      kind: 'returned',
      on: '2024-02-03',
      day: day('2024-02-03'),
    });
    const withdrawn = DossierStory.receive('B', { unit: 'C11', on: '2024-02-01' }).withdrawn('2024-02-02').events;
    expect(foldDossier(withdrawn).finish?.kind).toBe('withdrawn');
  });

  it('never counts a dossier refused at intake; a refusal after the receipt returns it (issue 14)', () => {
    expect(foldDossier(DossierStory.unreceived('A', 'C11').rejected('2024-02-01').events)).toMatchObject({
      counted: false,
      rejected: true,
      anomalies: [],
    });
    const both = foldDossier(
      DossierStory.receive('B', { unit: 'C11', on: '2024-02-01' }).rejected('2024-02-01').events,
    );
    expect(both).toMatchObject({
      counted: true,
      rejected: false,
      finish: { kind: 'returned', on: '2024-02-01' },
      anomalies: ['rejectedAfterReceipt'],
    });
  });

  it('counts nothing without a receipt, and flags it', () => {
    const facts = foldDossier(
      DossierStory.unreceived('A', 'C11').supplementRequested('2024-02-01').resolved('2024-02-02').events,
    );
    expect(facts).toMatchObject({ counted: false, receivedOn: null, finish: null });
    expect(facts.anomalies).toEqual(['missingReceipt', 'resolvedWithoutReceipt']);
  });

  it('ignores state events after the finish and before the receipt, and flags them', () => {
    const story = DossierStory.receive('A', { unit: 'C11', on: '2024-02-05', due: '2024-02-10' })
      .resolved('2024-02-08')
      .supplementRequested('2024-02-09')
      .dueChanged('2024-02-09', '2024-02-01')
      .rated('2024-02-10', 5)
      .paymentCompleted('2024-02-10', true);
    const early = {
      ...story.events[0],
      eventId: 'early',
      type: 'ProcessingPaused',
      occurredAt: '2024-02-04T10:00:00+07:00',
    } as const;
    const facts = foldDossier([...story.events, early]);
    expect(facts.pendingTimeline).toHaveLength(1);
    expect(facts.dueTimeline).toHaveLength(1);
    expect(facts.satisfaction).toEqual({ sum: 5, count: 1 });
    expect(facts.paidOnline).toBe(true);
    expect(facts.anomalies).toEqual(['eventAfterFinal', 'eventBeforeReceipt']);
  });

  it('flags a due date before the receipt and a conflicting receipt, keeping the earliest receipt', () => {
    const story = DossierStory.receive('A', { unit: 'C11', on: '2024-02-05', due: '2024-02-04', channel: 'online' });
    const second = {
      ...story.events[0],
      eventId: 'again',
      channel: 'direct',
      occurredAt: '2024-02-06T08:00:00+07:00',
    } as const;
    const facts = foldDossier([second, ...story.events]);
    expect(facts.channel).toBe('online');
    expect(facts.anomalies).toEqual(['conflictingReceipt', 'dueBeforeReceipt']);
    // A re-sent identical receipt with a new id is not a conflict.
    expect(foldDossier([{ ...story.events[0], eventId: 'resent' }, ...story.events]).anomalies).toEqual([
      'dueBeforeReceipt',
    ]);
  });

  it('flags resumes without the matching wait', () => {
    const facts = foldDossier(
      DossierStory.receive('A', { unit: 'C11', on: '2024-02-05' }).supplementReceived('2024-02-06').events,
    );
    expect(facts.anomalies).toEqual(['unmatchedResume']);
  });

  it('ignores events of another dossier', () => {
    const a = DossierStory.receive('A', { unit: 'C11', on: '2024-02-05' }).events;
    const b = DossierStory.receive('B', { unit: 'C11', on: '2024-02-01' }).resolved('2024-02-06').events;
    const facts = foldDossier([...b.slice(1), ...a]);
    expect(facts).toMatchObject({ dossierId: 'A', finish: null, anomalies: ['foreignEvent'] });
  });

  it('describes anomalies for reconciliation', () => {
    const facts = foldDossier(DossierStory.unreceived('A', 'C11').resolved('2024-02-02').events);
    expect(listAnomalies(facts)).toEqual([
      expect.objectContaining({ dossierId: 'A', code: 'missingReceipt', severity: 'error', affectsCounts: true }),
      expect.objectContaining({ dossierId: 'A', code: 'resolvedWithoutReceipt' }),
    ]);
  });
});
