import type { UnitRegistry } from '@dossier-ledger/units';

/**
 * Whether a notification's `era` is the hierarchy valid on a date. The aggregator names an era by its
 * dataset id (`units-2023-04-10.v1`); the date it describes (`2023-04-10`) is accepted too.
 */
export function eraMatcher(registry: Pick<UnitRegistry, 'eraOn'>): (era: string, onDate: string) => boolean {
  return (era, onDate) => {
    const info = registry.eraOn(onDate);
    return info !== undefined && (info.id === era || info.describesDate === era || info.validFrom === era);
  };
}
