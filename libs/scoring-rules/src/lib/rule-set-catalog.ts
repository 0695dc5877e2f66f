import ruleSet766v1 from '../data/766.v1.json';
import ruleSetParDakNongV1 from '../data/par-dak-nong.v1.json';
import ruleSetParQnV1 from '../data/par-qn.v1.json';
import ruleSetParQnV2 from '../data/par-qn.v2.json';
import { isIsoLocalDate, type LocalDate } from '@dossier-ledger/calendar';
import { RuleSetError, parseRuleSet } from './rule-set.schema';
import { type RuleSet, ruleSetRef } from './rule-set.types';

/** The rule set the API uses when none is named. */
export const DEFAULT_RULE_SET_ID = '766';

/** The data files bundled with the library (JSON modules, so webpack bundles them), in load order. */
export const BUNDLED_RULE_SET_DATA: readonly unknown[] = Object.freeze([
  ruleSet766v1,
  ruleSetParDakNongV1,
  ruleSetParQnV1,
  ruleSetParQnV2,
]);

/** A rule set id, version or effective date that the catalog does not have. */
export class RuleSetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleSetNotFoundError';
  }
}

function covers(ruleSet: RuleSet, date: LocalDate): boolean {
  return ruleSet.effectiveFrom <= date && (ruleSet.effectiveTo === null || date <= ruleSet.effectiveTo);
}

/**
 * The versions of every rule set, checked together: unique `id@version`, and the versions of one id
 * ordered by date with no two effective on the same day (gaps are allowed).
 */
export class RuleSetCatalog {
  private readonly byId = new Map<string, RuleSet[]>();

  constructor(ruleSets: readonly RuleSet[]) {
    const issues: string[] = [];
    for (const ruleSet of ruleSets) {
      const list = this.byId.get(ruleSet.id) ?? [];
      if (list.some((other) => other.version === ruleSet.version))
        issues.push(`${ruleSetRef(ruleSet)}: duplicate version`);
      else list.push(ruleSet);
      this.byId.set(ruleSet.id, list);
    }
    for (const list of this.byId.values()) {
      list.sort((a, b) => a.version - b.version);
      for (let i = 1; i < list.length; i++) {
        const earlier = list[i - 1];
        const later = list[i];
        if (!(later.effectiveFrom > earlier.effectiveFrom)) {
          issues.push(`${ruleSetRef(later)}: must take effect after ${ruleSetRef(earlier)} (${earlier.effectiveFrom})`);
        } else if (earlier.effectiveTo === null || earlier.effectiveTo >= later.effectiveFrom) {
          issues.push(
            `${ruleSetRef(later)}: effective from ${later.effectiveFrom} overlaps ${ruleSetRef(earlier)} (to ${earlier.effectiveTo ?? 'open end'})`,
          );
        }
      }
    }
    if (issues.length > 0) throw new RuleSetError(issues.join('\n'), issues);
  }

  /** Validates each data object (see `parseRuleSet`), then the versions together. */
  static fromData(data: readonly unknown[]): RuleSetCatalog {
    const parsed: RuleSet[] = [];
    const issues: string[] = [];
    for (const raw of data) {
      try {
        parsed.push(parseRuleSet(raw));
      } catch (error) {
        if (!(error instanceof RuleSetError)) throw error;
        issues.push(...error.issues);
      }
    }
    if (issues.length > 0) throw new RuleSetError(issues.join('\n'), issues);
    return new RuleSetCatalog(parsed);
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  /** Every version of `id`, oldest first. */
  versions(id: string): readonly RuleSet[] {
    return this.list(id);
  }

  /** Exactly `id@version`, whatever its dates: how a stored score finds its rules again. */
  get(id: string, version: number): RuleSet {
    const found = this.list(id).find((ruleSet) => ruleSet.version === version);
    if (!found) {
      throw new RuleSetNotFoundError(
        `rule set ${id} has no version ${version} (versions: ${this.list(id)
          .map((ruleSet) => ruleSet.version)
          .join(', ')})`,
      );
    }
    return found;
  }

  /**
   * The version of `id` effective on `onDate` (inclusive dates). With `version`, exactly that version
   * (the date is then only checked for format): a published score names its version, and re-scoring it
   * must use that version even after a newer one takes effect. For a window, pass its last day.
   */
  resolve(id: string, onDate: string, version?: number): RuleSet {
    if (!isIsoLocalDate(onDate)) throw new RangeError(`onDate must be a date YYYY-MM-DD, got ${String(onDate)}`);
    if (version !== undefined) return this.get(id, version);
    const found = this.list(id).find((ruleSet) => covers(ruleSet, onDate));
    if (!found) throw new RuleSetNotFoundError(`no version of rule set ${id} is effective on ${onDate}`);
    return found;
  }

  private list(id: string): readonly RuleSet[] {
    const list = this.byId.get(id);
    if (!list) throw new RuleSetNotFoundError(`unknown rule set '${id}' (known: ${this.ids().join(', ')})`);
    return list;
  }
}

let bundled: RuleSetCatalog | undefined;

/** The catalog of the bundled data files, validated on first use (a broken file throws RuleSetError). */
export function defaultRuleSetCatalog(): RuleSetCatalog {
  bundled ??= RuleSetCatalog.fromData(BUNDLED_RULE_SET_DATA);
  return bundled;
}

/** {@link RuleSetCatalog.resolve} on the bundled rule sets. */
export function resolveRuleSet(id: string, onDate: string, version?: number): RuleSet {
  return defaultRuleSetCatalog().resolve(id, onDate, version);
}
