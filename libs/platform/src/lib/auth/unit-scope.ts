import { todayInVietnam } from '../clock/today-in-vietnam';
import { loadDefaultUnitRegistry, type UnitRegistry } from '@dossier-ledger/units';
import { ApiError } from '../http/api-error';
import type { Principal } from './principal';

/** What scope checks need from the unit registry. */
export type ScopeRegistry = Pick<
  UnitRegistry,
  'get' | 'hasCode' | 'isInSubtree' | 'unitForAgency' | 'resolveForReport' | 'agencyVersion'
>;

export type ScopeDecision = { kind: 'in'; unitCode: string } | { kind: 'out'; unitCode: string } | { kind: 'unknown' };

/**
 * Decides whether `unitCode` (a GSO code, or an agency code mapped on that date) on `onDate`
 * (local YYYY-MM-DD) lies in the subtree of one of the scope's units: in the hierarchy of that date,
 * or — for a key scoped with today's codes and an event recorded under an older hierarchy — after
 * carrying the unit into today's hierarchy with the reform mapping.
 */
export class UnitScopeChecker {
  private readonly memo = new Map<string, ScopeDecision>();

  constructor(
    private readonly registry: ScopeRegistry = loadDefaultUnitRegistry(),
    private readonly today: () => string = todayInVietnam,
  ) {}

  /** The GSO code an event's unitCode denotes, or undefined when it is neither a unit nor a mapped agency. */
  resolveUnit(code: string, onDate: string): string | undefined {
    if (this.registry.get(code, onDate)) return code;
    const agencyUnit = this.registry.unitForAgency(code, onDate);
    if (agencyUnit !== undefined) return agencyUnit;
    return this.registry.hasCode(code) ? code : undefined;
  }

  check(scope: readonly string[], unitCode: string, onDate: string): ScopeDecision {
    // The agency table is runtime data: a decision about an agency code holds for one version of it.
    const key = `${scope.join(',')}|${unitCode}|${onDate}|${this.registry.agencyVersion}`;
    let decision = this.memo.get(key);
    if (!decision) {
      decision = this.decide(scope, unitCode, onDate);
      if (this.memo.size > 50_000) this.memo.clear();
      this.memo.set(key, decision);
    }
    return decision;
  }

  private decide(scope: readonly string[], code: string, onDate: string): ScopeDecision {
    const unitCode = this.resolveUnit(code, onDate);
    if (unitCode === undefined) return { kind: 'unknown' };
    if (scope.some((root) => this.inSubtree(unitCode, root, onDate))) return { kind: 'in', unitCode };
    const today = this.today();
    try {
      const recordedOn = this.registry.get(unitCode, onDate) ? onDate : undefined;
      const current = this.registry.resolveForReport(unitCode, today, recordedOn ? { recordedOn } : {}).unit.code;
      if (scope.some((root) => this.inSubtree(current, root, today))) return { kind: 'in', unitCode };
    } catch {
      // Not carried into today's hierarchy: judged on its own date only.
    }
    return { kind: 'out', unitCode };
  }

  private inSubtree(code: string, root: string, onDate: string): boolean {
    try {
      return (
        this.registry.get(root, onDate) !== undefined &&
        this.registry.get(code, onDate) !== undefined &&
        this.registry.isInSubtree(code, root, onDate)
      );
    } catch {
      return false;
    }
  }
}

let sharedChecker: UnitScopeChecker | undefined;

/** Throws 403 naming the unit when it is outside the principal's scope (422 when it is unknown). */
export function assertUnitInScope(
  principal: Principal,
  unitCode: string,
  onDate: string,
  checker?: UnitScopeChecker,
): void {
  const decision = (checker ?? (sharedChecker ??= new UnitScopeChecker())).check(principal.scope, unitCode, onDate);
  if (decision.kind === 'unknown') throw new ApiError(422, `Unknown unit ${unitCode} on ${onDate}`);
  if (decision.kind === 'out') {
    throw new ApiError(
      403,
      `Unit ${unitCode} is outside the scope of key ${principal.keyId} (${principal.scope.join(', ')})`,
    );
  }
}
