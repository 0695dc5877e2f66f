import type { UnitRegistry } from '@dossier-ledger/units';
import type { DemoUnit } from './plan-dossier';

export interface ProvinceUnits {
  readonly province: DemoUnit;
  /** The province itself (its own departments' dossiers), its districts (before 07/2025) and communes. */
  readonly units: readonly DemoUnit[];
  /** Id of the hierarchy the codes belong to, e.g. `units-2025-07-01.v1`. */
  readonly datasetId: string;
}

/** The real units of one province on a date, from the unit registry. */
export function provinceUnits(
  registry: Pick<UnitRegistry, 'get' | 'children'>,
  provinceCode: string,
  onDate: string,
): ProvinceUnits {
  const province = registry.get(provinceCode, onDate);
  if (province === undefined || province.level !== 'province') {
    throw new Error(`${provinceCode} is not a province on ${onDate} (e.g. 42 Hà Tĩnh, 40 Nghệ An, 01 Hà Nội)`);
  }
  const units: DemoUnit[] = [{ code: province.code, name: province.name, level: 'province' }];
  const walk = (code: string): void => {
    for (const child of registry.children(code, onDate)) {
      units.push({ code: child.code, name: child.name, level: child.level });
      walk(child.code);
    }
  };
  walk(province.code);
  return { province: units[0], units, datasetId: province.datasetId };
}
