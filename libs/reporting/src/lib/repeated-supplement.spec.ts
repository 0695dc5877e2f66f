import { parseIsoLocalDate, toDayNumber } from '@dossier-ledger/calendar';
import { DossierStory } from '../testing/dossier-story';
import { checkedReport } from '../testing/pipeline';
import { foldDossier } from './fold-dossier';

// More than one supplement request (yêu cầu bổ sung nhiều lần): a scoring figure (766 progress judges
// these dossiers late), never a counting rule of the form. Every report here is read through the
// buckets and checked against the direct oracle.

const day = (iso: string): number => toDayNumber(parseIsoLocalDate(iso));
const MARCH = ['2024-03-01', '2024-03-31'] as const;

/** Received Mon 04/03/2024, due Fri 15/03; rounds 05→06/03 and 07→08/03 each move the due date a working day (→ Tue 19/03). */
const twoRounds = (): DossierStory =>
  DossierStory.receive('S', { unit: 'C11', on: '2024-03-04', due: '2024-03-15' })
    .supplementRequested('2024-03-05')
    .supplementReceived('2024-03-06')
    .supplementRequested('2024-03-07')
    .supplementReceived('2024-03-08');

const oneRound = (): DossierStory =>
  DossierStory.receive('S', { unit: 'C11', on: '2024-03-04', due: '2024-03-15' })
    .supplementRequested('2024-03-05')
    .supplementReceived('2024-03-06');

describe('more than one supplement request', () => {
  it('counts a dossier resolved early after 2 rounds; the form still counts it early', () => {
    const facts = foldDossier(twoRounds().resolved('2024-03-11').events);
    expect(facts.repeatedSupplementDay).toBe(day('2024-03-07'));
    const march = checkedReport([facts], ...MARCH);
    expect(march.resolved).toEqual({ total: 1, early: 1, onTime: 0, late: 0 });
    expect(march.scoring.repeatedSupplement).toEqual({ resolvedEarlyOrOnTime: 1, pendingInTime: 0 });
  });

  it('counts a dossier resolved on its (moved) appointment day after 2 rounds', () => {
    const march = checkedReport([foldDossier(twoRounds().resolved('2024-03-19').events)], ...MARCH);
    expect(march.resolved).toMatchObject({ onTime: 1, late: 0 });
    expect(march.scoring.repeatedSupplement.resolvedEarlyOrOnTime).toBe(1);
  });

  it('does not count a dossier with one round', () => {
    const facts = foldDossier(oneRound().resolved('2024-03-11').events);
    expect(facts.repeatedSupplementDay).toBeNull();
    expect(checkedReport([facts], ...MARCH).scoring.repeatedSupplement).toEqual({
      resolvedEarlyOrOnTime: 0,
      pendingInTime: 0,
    });
  });

  it('does not count a late, returned or withdrawn dossier (late already, or not judged on time)', () => {
    const stories = [
      twoRounds().resolved('2024-03-20'),
      twoRounds().returned('2024-03-11'),
      twoRounds().withdrawn('2024-03-11'),
    ];
    for (const story of stories) {
      expect(checkedReport([foldDossier(story.events)], ...MARCH).scoring.repeatedSupplement).toEqual({
        resolvedEarlyOrOnTime: 0,
        pendingInTime: 0,
      });
    }
  });

  it('counts a dossier pending in time at the window end from the day of its second request on', () => {
    const facts = [foldDossier(twoRounds().events)];
    const pendingInTime = (to: string) => checkedReport(facts, MARCH[0], to).scoring.repeatedSupplement.pendingInTime;
    expect(pendingInTime('2024-03-06')).toBe(0); // one round so far
    expect(pendingInTime('2024-03-07')).toBe(1); // waiting for the second supplement
    expect(pendingInTime('2024-03-19')).toBe(1); // processing, due 19/03
    // Overdue from 20/03: column 13, no longer on the good side.
    expect(checkedReport(facts, MARCH[0], '2024-03-20').pending).toMatchObject({ inTime: 0, overdue: 1 });
    expect(pendingInTime('2024-03-20')).toBe(0);
    // Flow figure of the finish, not of the pending state: nothing resolved yet.
    expect(checkedReport(facts, ...MARCH).scoring.repeatedSupplement.resolvedEarlyOrOnTime).toBe(0);
  });

  it('leaves the pending part on the finish day, where the resolved part takes over', () => {
    const facts = [foldDossier(twoRounds().resolved('2024-03-12').events)];
    expect(checkedReport(facts, '2024-03-01', '2024-03-11').scoring.repeatedSupplement).toEqual({
      resolvedEarlyOrOnTime: 0,
      pendingInTime: 1,
    });
    expect(checkedReport(facts, '2024-03-12', '2024-03-12').scoring.repeatedSupplement).toEqual({
      resolvedEarlyOrOnTime: 1,
      pendingInTime: 0,
    });
  });

  it('takes a request re-sent while waiting as the same round', () => {
    const resent = DossierStory.receive('S', { unit: 'C11', on: '2024-03-04', due: '2024-03-15' })
      .supplementRequested('2024-03-05')
      .supplementRequested('2024-03-06')
      .supplementReceived('2024-03-07')
      .resolved('2024-03-11');
    expect(foldDossier(resent.events).repeatedSupplementDay).toBeNull();
  });

  it('gives the same figure for duplicated and reordered events', () => {
    const events = twoRounds().resolved('2024-03-11').events;
    const shuffled = [...events].reverse();
    const facts = foldDossier([...shuffled, events[3], events[1], events[3]]);
    expect(facts).toEqual(foldDossier(events));
    expect(checkedReport([facts], ...MARCH).scoring.repeatedSupplement.resolvedEarlyOrOnTime).toBe(1);
  });
});
