import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { applyContributions, CounterStore } from '../lib/counter-store';
import { dossierContributions } from '../lib/contributions';
import { DEFAULT_COUNTING_RULES, type CountingRules } from '../lib/counting-rules';
import type { DossierFacts } from '../lib/dossier-facts';
import { foldDossier } from '../lib/fold-dossier';
import type { UnitHierarchy } from '../lib/unit-hierarchy.port';
import { TEST_HIERARCHY } from './fake-hierarchy';

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
