// The shipped data. JSON is imported (not read from disk) so webpack bundles it with the apps.
import agencyJson from '../data/agency-codes.json';
import mappingJson from '../data/commune-mapping-2025-07-01.v1.json';
import preReformJson from '../data/units-2023-04-10.v1.json';
import postReformJson from '../data/units-2025-07-01.v1.json';
import { parseAgencyMap } from './agency-codes';
import { parseCommuneMapping, parseUnitsDataset } from './dataset-parse';
import { UnitRegistry, type UnitRegistryInput } from './unit-registry';

/** Ids of the datasets loadDefaultUnitRegistry() uses, oldest first. */
export const DEFAULT_DATASET_IDS = ['units-2023-04-10.v1', 'units-2025-07-01.v1'] as const;
export const DEFAULT_MAPPING_ID = 'commune-mapping-2025-07-01.v1';
/** First day of the two-level hierarchy (Nghị quyết 202/2025/QH15). */
export const REFORM_DATE_2025 = '2025-07-01';

let input: UnitRegistryInput | undefined;
let shared: UnitRegistry | undefined;

/** Parsed and validated default data (memoized). */
export function defaultUnitData(): UnitRegistryInput {
  input ??= {
    datasets: [parseUnitsDataset(preReformJson), parseUnitsDataset(postReformJson)],
    mappings: [parseCommuneMapping(mappingJson)],
    agencies: parseAgencyMap(agencyJson),
  };
  return input;
}

/**
 * The registry of the shipped data, built once per process. It is shared: agencies registered on
 * it are seen by every caller; use createDefaultUnitRegistry() for an isolated copy.
 */
export function loadDefaultUnitRegistry(): UnitRegistry {
  shared ??= new UnitRegistry(defaultUnitData());
  return shared;
}

/** A fresh registry of the shipped data (own agency table). */
export function createDefaultUnitRegistry(): UnitRegistry {
  return new UnitRegistry(defaultUnitData());
}
