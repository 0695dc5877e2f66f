import { loadDefaultUnitRegistry } from '@dossier-ledger/units';
import { todayInVietnam } from '../clock/today-in-vietnam';
import type { Principal } from '../auth/principal';
import { UnitScopeChecker } from '../auth/unit-scope';

/** An administrative action on units outside the actor's scope (the admin API answers 403). */
export class AdminScopeError extends Error {}

/**
 * Who administers, and over what. An admin key administers the keys and agencies of its scope's
 * subtrees only: an admin of one province cannot create a key for another, nor move another
 * province's agency. The command line (run with the store's credentials) administers everything.
 */
export interface AdminActor {
  /** For the audit log: `key:ID (source)` or `cli:USER@HOST`. Never a secret. */
  readonly name: string;
  /** The unit codes (on `onDate`, default today) this actor may not administer; empty when it may. */
  outside(unitCodes: readonly string[], onDate?: string): string[];
}

/** Throws AdminScopeError naming what `actor` may not administer among `unitCodes`. */
export function assertAdministers(
  actor: AdminActor,
  unitCodes: readonly string[],
  what: string,
  onDate?: string,
): void {
  const outside = actor.outside(unitCodes, onDate);
  if (outside.length > 0)
    throw new AdminScopeError(`${what}: unit ${outside.join(', ')} is outside the scope of ${actor.name}`);
}

/** Whether `actor` administers the whole installation: every province of today's hierarchy. */
export function administersAll(actor: AdminActor): boolean {
  const today = todayInVietnam();
  const provinces = loadDefaultUnitRegistry()
    .units(today, 'province')
    .map((unit) => unit.code);
  return actor.outside(provinces, today).length === 0;
}

export function unrestrictedActor(name: string): AdminActor {
  return { name, outside: () => [] };
}

/**
 * An admin key: it administers a unit when the unit lies in its scope, on the given date or carried
 * into today's hierarchy (the checks every read and write use). Unknown codes are left to the use
 * case's own validation (400).
 */
export function keyActor(principal: Principal, checker: UnitScopeChecker, today = todayInVietnam): AdminActor {
  return {
    name: `key:${principal.keyId} (${principal.source})`,
    outside: (unitCodes, onDate) =>
      unitCodes.filter((code) => checker.check(principal.scope, code, onDate ?? today()).kind === 'out'),
  };
}
