import { parseIsoLocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { applyContributions, CounterStore } from '../lib/counter-store';
import { dossierContributions } from '../lib/contributions';
import { DEFAULT_COUNTING_RULES, type CountingRules } from '../lib/counting-rules';
import type { DossierFacts } from '../lib/dossier-facts';
import type { DossierReport } from '../lib/dossier-report.dto';
import { foldDossier } from '../lib/fold-dossier';
import { readDossierReport } from '../lib/read-report';
import { computeReportDirect } from '../lib/report-direct';
import type { UnitHierarchy } from '../lib/unit-hierarchy.port';
import { OLD_ERA, TEST_HIERARCHY } from './fake-hierarchy';

export function foldAll(
  dossiers: readonly (readonly DossierEventV1[])[],
  rules: CountingRules = DEFAULT_COUNTING_RULES,
): DossierFacts[] {
  return dossiers.map((events) => foldDossier(events, rules));
}

/** A store holding every dossier's contributions, folded at once. */
export function storeOf(
  factsList: readonly DossierFacts[],
  rules: CountingRules = DEFAULT_COUNTING_RULES,
  hierarchy: UnitHierarchy = TEST_HIERARCHY,
): CounterStore {
  const store = new CounterStore(rules);
  for (const facts of factsList) applyContributions(store, dossierContributions(facts, rules), hierarchy);
  return store;
}

/** The report of C11 (old era) for [from, to] through the buckets, checked against the direct oracle. */
export function checkedReport(facts: readonly DossierFacts[], from: string, to: string): DossierReport {
  const query = { era: OLD_ERA, unitCode: 'C11', from: parseIsoLocalDate(from), to: parseIsoLocalDate(to) };
  const viaBuckets = readDossierReport(storeOf(facts), query);
  expect(viaBuckets).toEqual(computeReportDirect(facts, TEST_HIERARCHY, query, 'C11'));
  return viaBuckets;
}
