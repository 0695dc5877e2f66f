export * from './lib/unit-types';
export * from './lib/unit-errors';
export { assertLocalDate } from './lib/local-date';
export { parseUnitsDataset, parseCommuneMapping } from './lib/dataset-parse';
export { UnitEra } from './lib/unit-era';
export {
  EraTransition,
  deriveProvinceMapping,
  type ProvinceVote,
  type TransitionKind,
  type TransitionStep,
} from './lib/era-transition';
export {
  resolveForReport,
  type EraChain,
  type ReportResolution,
  type ResolutionKind,
  type ResolveOptions,
} from './lib/reform-rule';
export { buildReportPath, type ReportPath, type ReportPathSource } from './lib/report-path';
export { UnitRegistry, type EraInfo, type UnitRegistryInput } from './lib/unit-registry';
export { chooseHierarchy, unknownUnitMessage, type HierarchyChoice } from './lib/hierarchy-at';
export {
  AGENCY_CODE_PATTERN,
  InvalidAgencyMapError,
  addAgencyMapping,
  assertAgencyCode,
  formatAgencyMapJson,
  isAgencyCode,
  parseAgencyMap,
  type AddAgencyMappingResult,
  type AgencyUnitLookup,
} from './lib/agency-codes';
export {
  DEFAULT_DATASET_IDS,
  DEFAULT_MAPPING_IDS,
  LEGACY_ERA_START,
  REFORM_DATE_2025,
  createDefaultUnitRegistry,
  defaultUnitData,
  loadDefaultUnitRegistry,
} from './lib/default-registry';
export {
  AgencyMappingError,
  AgencyMappingTable,
  addAgencyUnit,
  mappingsFromCsv,
  parseAgencyCsv,
  validateAgencyMapping,
  type AddAgencyUnitResult,
  type AgencyCsvRow,
  type AgencyMapping,
  type AgencyPeriod,
  type AgencyUnitDates,
} from './lib/agency-mappings';
