import { isIsoLocalDate } from '@dossier-ledger/calendar';
import type { EraInfo } from './unit-registry';
import type { UnitRegistry } from './unit-registry';

/** The hierarchy a window is reported under, or the query parameter that cannot be used and why. */
export type HierarchyChoice =
  | { readonly ok: true; readonly era: EraInfo; readonly on: string }
  | { readonly ok: false; readonly parameter: 'to' | 'hierarchyAt'; readonly message: string };

/**
 * A window is reported under the hierarchy valid on its `to` date, or on `hierarchyAt` when given.
 * `hierarchyAt` may not select a hierarchy older than the one of `to`: dossiers are rolled up from
 * their receipt's hierarchy into every later one, never back, so an older tree would miss the
 * dossiers received under the newer one.
 */
export function chooseHierarchy(
  registry: Pick<UnitRegistry, 'eras' | 'eraOn'>,
  to: string,
  hierarchyAt?: string,
): HierarchyChoice {
  if (hierarchyAt !== undefined && !isIsoLocalDate(hierarchyAt))
    return {
      ok: false,
      parameter: 'hierarchyAt',
      message: `hierarchyAt must be a valid date YYYY-MM-DD, got ${JSON.stringify(hierarchyAt)}`,
    };
  const ofTo = registry.eraOn(to);
  if (!ofTo) return { ok: false, parameter: 'to', message: `to: no unit hierarchy covers ${to}` };
  if (hierarchyAt === undefined) return { ok: true, era: ofTo, on: to };
  const era = registry.eraOn(hierarchyAt);
  if (!era)
    return { ok: false, parameter: 'hierarchyAt', message: `hierarchyAt: no unit hierarchy covers ${hierarchyAt}` };
  const order = (e: EraInfo) => registry.eras.findIndex((candidate) => candidate.id === e.id);
  if (order(era) < order(ofTo)) {
    return {
      ok: false,
      parameter: 'hierarchyAt',
      message:
        `hierarchyAt: ${hierarchyAt} selects ${era.id}, older than the hierarchy valid on to (${ofTo.id}, from ` +
        `${ofTo.validFrom}): dossiers received under the newer one would be missing`,
    };
  }
  return { ok: true, era, on: hierarchyAt };
}

/**
 * Why `code` is not a unit on `on`, naming its successor(s) when the code was a unit of an earlier
 * hierarchy (e.g. a district or a province merged in 07/2025). Callers prefix their parameter name.
 */
export function unknownUnitMessage(
  registry: Pick<UnitRegistry, 'resolveForReport' | 'get'>,
  code: string,
  on: string,
  eraId: string,
): string {
  const base = `unit ${code} does not exist in the hierarchy valid on ${on} (${eraId})`;
  let successors: string[];
  try {
    const resolution = registry.resolveForReport(code, on);
    successors = [resolution.unit.code, ...resolution.alternatives];
  } catch {
    return `${base}: unknown unit`;
  }
  const named = successors.map((s) => `${s} ${registry.get(s, on)?.name ?? ''}`.trim());
  return `${base}; its successor${named.length > 1 ? 's' : ''}: ${named.join(', ')}`;
}
