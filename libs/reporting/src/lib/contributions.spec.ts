import { parseIsoLocalDate, toDayNumber } from '@dossier-ledger/calendar';
import { DossierStory } from '../testing/dossier-story';
import { TEST_HIERARCHY } from '../testing/fake-hierarchy';
import { storeOf } from '../testing/pipeline';
import { dossierContributions, diffContributions, type Contribution } from './contributions';
import { applyContributions, CounterStore } from './counter-store';
import { DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';
import { Counter } from './counters';
import { foldDossier } from './fold-dossier';

const day = (iso: string): number => toDayNumber(parseIsoLocalDate(iso));
const brief = (list: readonly Contribution[]): [string, string, number][] =>
  list.map((c) => [String(Object.entries(Counter).find(([, v]) => v === c.counter)?.[0]), c.unitCode, c.value]);

describe('dossierContributions', () => {
  it('puts receipt figures on the receipt day, finish figures on the finish day, pending as deltas', () => {
    const facts = foldDossier(
      DossierStory.receive('a', { unit: 'C11', on: '2024-03-01', due: '2024-03-05', serviceLevel: 'full' })
        .supplementRequested('2024-03-04')
        .supplementReceived('2024-03-08')
        .resolved('2024-03-12').events,
    );
    const list = dossierContributions(facts);
    expect(list.map((c) => [c.day - day('2024-03-01'), c.counter, c.value])).toEqual([
      [0, Counter.ReceivedOnline, 1],
      [0, Counter.ProcessingInTime, 1],
      [0, Counter.ReceivedOnlineFull, 1],
      [3, Counter.ProcessingInTime, -1],
      [3, Counter.WaitingSupplement, 1],
      // Supplement received without a new date: the due date moves by the 4 working days waited
      // ((04/03, 08/03]) to Mon 11/03, so the dossier is processing in time again (issue 14).
      [7, Counter.ProcessingInTime, 1],
      [7, Counter.WaitingSupplement, -1],
      [11, Counter.ResolvedLate, 1],
      [11, Counter.ProcessingInTime, -1],
      [11, Counter.LateWithoutApology, 1],
      [11, Counter.ResolutionWorkingDaysSum, 7 - 4],
      [11, Counter.ResolutionWorkingDaysCount, 1],
    ]);
    expect(new Set(list.map((c) => c.unitCode))).toEqual(new Set(['C11']));
  });

  it('emits the overdue change the day after the due date, ahead of time for an open dossier', () => {
    const facts = foldDossier(DossierStory.receive('a', { unit: 'C11', on: '2024-03-01', due: '2024-03-05' }).events);
    expect(dossierContributions(facts).map((c) => [c.day - day('2024-03-01'), c.counter, c.value])).toEqual([
      [0, Counter.ReceivedOnline, 1],
      [0, Counter.ProcessingInTime, 1],
      [5, Counter.ProcessingInTime, -1],
      [5, Counter.ProcessingOverdue, 1],
    ]);
  });

  it('contributes nothing for uncounted dossiers and refuses facts of other rules', () => {
    expect(
      dossierContributions(foldDossier(DossierStory.unreceived('a', 'C11').resolved('2024-03-01').events)),
    ).toEqual([]);
    const facts = foldDossier(DossierStory.receive('a', { unit: 'C11', on: '2024-03-01' }).events);
    expect(() => dossierContributions(facts, { ...DEFAULT_COUNTING_RULES, owner: 'resolvingUnit' })).toThrow(
      /folded under/,
    );
  });
});

describe('diffContributions', () => {
  const story = (): DossierStory => DossierStory.receive('a', { unit: 'C11', on: '2024-03-01', due: '2024-03-05' });

  it('is empty for identical lists and only the change otherwise', () => {
    const before = dossierContributions(foldDossier(story().events));
    expect(diffContributions(before, before)).toEqual([]);
    const after = dossierContributions(foldDossier(story().resolved('2024-03-04').events));
    expect(brief(diffContributions(before, after))).toEqual([
      // 03-04: resolved early, leaves pending; (Fri 01, Mon 04] is one working day.
      ['ResolvedEarly', 'C11', 1],
      ['ProcessingInTime', 'C11', -1],
      ['ResolutionWorkingDaysSum', 'C11', 1],
      ['ResolutionWorkingDaysCount', 'C11', 1],
      // 03-06: the overdue switch planned for the open dossier is withdrawn.
      ['ProcessingInTime', 'C11', 1],
      ['ProcessingOverdue', 'C11', -1],
    ]);
  });

  it('moves the counts to the new owner when a transfer arrives under the resolving-unit rule', () => {
    const rules: CountingRules = { ...DEFAULT_COUNTING_RULES, owner: 'resolvingUnit' };
    const before = foldDossier(story().events, rules);
    const after = foldDossier(story().transferred('2024-03-02', 'D2').events, rules);
    const store = storeOf([before], rules);
    applyContributions(
      store,
      diffContributions(dossierContributions(before, rules), dossierContributions(after, rules)),
      TEST_HIERARCHY,
    );
    expect(store.toChunks()).toEqual(storeOf([after], rules).toChunks());
  });

  it('brings a store from the old contributions to the new ones', () => {
    const before = foldDossier(story().supplementRequested('2024-03-02').events);
    const after = foldDossier(
      story().supplementRequested('2024-03-02').supplementReceived('2024-03-09', '2024-03-12').resolved('2024-03-11')
        .events,
    );
    const store = new CounterStore();
    applyContributions(store, dossierContributions(before), TEST_HIERARCHY);
    applyContributions(
      store,
      diffContributions(dossierContributions(before), dossierContributions(after)),
      TEST_HIERARCHY,
    );
    expect(store.toChunks()).toEqual(storeOf([after]).toChunks());
    applyContributions(store, diffContributions(dossierContributions(after), []), TEST_HIERARCHY);
    expect(store.toChunks()).toEqual([]);
  });
});
