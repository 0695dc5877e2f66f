// The shipped data. JSON is imported (not read from disk) so webpack bundles it with the apps.
import agencyJson from '../data/agency-codes.json';
import legacyMappingJson from '../data/commune-mapping-2025-01-01.v1.json';
import reformMappingJson from '../data/commune-mapping-2025-07-01.v1.json';
import snapshotJson from '../data/units-2023-04-10.v1.json';
import legacyJson from '../data/units-2025-06-30.v1.json';
import postReformJson from '../data/units-2025-07-01.v1.json';
import { parseAgencyMap } from './agency-codes';
import { parseCommuneMapping, parseUnitsDataset } from './dataset-parse';
import { UnitRegistry, type UnitRegistryInput } from './unit-registry';

/** Ids of the datasets loadDefaultUnitRegistry() uses, oldest first. */
export const DEFAULT_DATASET_IDS = ['units-2023-04-10.v1', 'units-2025-06-30.v1', 'units-2025-07-01.v1'] as const;
/** Ids of its mappings: 04/2023 -> 30/06/2025 (from 2025-01-01), 30/06/2025 -> 07/2025 (the reform). */
export const DEFAULT_MAPPING_IDS = ['commune-mapping-2025-01-01.v1', 'commune-mapping-2025-07-01.v1'] as const;
/** First day of the 30/06/2025 tree (most 2023-2025 mergers took effect on 01/01/2025). */
export const LEGACY_ERA_START = '2025-01-01';
/** First day of the two-level hierarchy (Nghị quyết 202/2025/QH15). */
export const REFORM_DATE_2025 = '2025-07-01';

let input: UnitRegistryInput | undefined;
let shared: UnitRegistry | undefined;

/** Parsed and validated default data (memoized). */
export function defaultUnitData(): UnitRegistryInput {
  input ??= {
    datasets: [snapshotJson, legacyJson, postReformJson].map(parseUnitsDataset),
    mappings: [legacyMappingJson, reformMappingJson].map(parseCommuneMapping),
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
