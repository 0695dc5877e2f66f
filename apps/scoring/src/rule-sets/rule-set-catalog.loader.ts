import { BUNDLED_RULE_SET_DATA, RuleSetCatalog, mergeRuleSetData } from '@dossier-ledger/scoring-rules';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Nest token of the service's RuleSetCatalog. */
export const RULE_SET_CATALOG = Symbol('RULE_SET_CATALOG');

/**
 * The bundled rule sets plus the `*.json` files of `dir` (RULE_SETS_DIR), validated together at
 * start-up: a broken file stops the service with the file and the problem named. A file may add a
 * version or close an existing one (see `mergeRuleSetData`).
 */
export function loadRuleSetCatalog(dir: string | undefined): RuleSetCatalog {
  if (!dir) return RuleSetCatalog.fromData(BUNDLED_RULE_SET_DATA);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const extra = files.map((name) => {
    try {
      return { name, data: JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown };
    } catch (error) {
      throw new Error(
        `RULE_SETS_DIR ${dir}: ${name} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  return RuleSetCatalog.fromData(mergeRuleSetData(BUNDLED_RULE_SET_DATA, extra));
}
