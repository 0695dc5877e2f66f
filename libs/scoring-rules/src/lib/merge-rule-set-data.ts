import { canonicalJson } from '@dossier-ledger/contracts';
import { RuleSetError } from './rule-set.schema';

/** A rule-set data object from some source, named for error messages (e.g. its file name). */
export interface NamedRuleSetData {
  readonly name: string;
  readonly data: unknown;
}

const refOf = (data: unknown): string | undefined => {
  const { id, version } = (data ?? {}) as { id?: unknown; version?: unknown };
  return typeof id === 'string' && typeof version === 'number' ? `${id}@${version}` : undefined;
};

/**
 * The bundled rule-set data plus more (e.g. a directory of a province's files). A new `id@version` is
 * added. One that is already there may only **close** it (the same data with another `effectiveTo`),
 * which is how a new version takes over from an open-ended one; any other change to an existing
 * version would change the scores already published with it, so it is refused. Validation of the
 * result is the catalog's (`RuleSetCatalog.fromData`).
 */
export function mergeRuleSetData(base: readonly unknown[], extra: readonly NamedRuleSetData[]): unknown[] {
  const merged = [...base];
  const issues: string[] = [];
  for (const { name, data } of extra) {
    const ref = refOf(data);
    const at = ref === undefined ? -1 : merged.findIndex((existing) => refOf(existing) === ref);
    if (at < 0) {
      merged.push(data);
      continue;
    }
    if (
      canonicalJson({ ...(merged[at] as object), effectiveTo: null }) !==
      canonicalJson({ ...(data as object), effectiveTo: null })
    ) {
      issues.push(
        `${name}: ${ref} already exists and differs in more than effectiveTo (a published version cannot change; add a new version)`,
      );
    } else merged[at] = data;
  }
  if (issues.length > 0) throw new RuleSetError(issues.join('\n'), issues);
  return merged;
}
