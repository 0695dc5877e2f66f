import { type UnitLevel } from '@dossier-ledger/contracts';
import type { LocalDate } from '@dossier-ledger/calendar';

/** Level codes used in the compact data rows. */
export type LevelCode = 'p' | 'd' | 'c';

/** An administrative unit (đơn vị hành chính) as it exists in one dataset (era). */
export interface Unit {
  /** GSO code: province 2 digits, district 3, commune 5. */
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
  /** Parent code in the same era; null for provinces. */
  readonly parentCode: string | null;
  /** Dataset the unit comes from, e.g. `units-2025-07-01.v1`. */
  readonly datasetId: string;
}

/** Compact row `[code, name, level, parent]` as stored in the data files. */
export type UnitRow = readonly [code: string, name: string, level: LevelCode, parent: string | null];

/** Header shared by the versioned data files. */
export interface DatasetHeader {
  readonly id: string;
  readonly version: number;
  readonly source: string;
  readonly sourceVersion: string;
}

/** One effective-dated hierarchy; validFrom/validTo are inclusive, null = open. */
export interface UnitsDataset extends DatasetHeader {
  readonly describesDate: LocalDate;
  readonly validFrom: LocalDate | null;
  readonly validTo: LocalDate | null;
  readonly units: readonly UnitRow[];
}

/**
 * How a mapping row was obtained. 07/2025 reform: s source row as is; o/n/b old/new/both codes
 * repaired by name; m same-name match for a commune the source omits; z island district -> đặc khu.
 * 04/2023 -> 30/06/2025: i the unit continues (same code); a gone commune -> the commune whose alias
 * keywords name it; r gone commune -> a commune of its old district reaching the same 07/2025
 * commune; g gone district -> the district most of its communes went to. m, a, r, g are approximate.
 */
export type MappingHow = 's' | 'o' | 'n' | 'b' | 'm' | 'z' | 'i' | 'a' | 'r' | 'g';

/** `[oldCode, newCode, how]`; rows for the same old code are contiguous, primary target first. */
export type MappingRow = readonly [oldCode: string, newCode: string, how: MappingHow];

/** Old -> new mapping between two consecutive datasets. */
export interface CommuneMappingDataset extends DatasetHeader {
  readonly fromDataset: string;
  readonly toDataset: string;
  readonly effectiveDate: LocalDate;
  readonly rows: readonly MappingRow[];
  /** Old districts mapped to a unit of the new era (island districts without communes). */
  readonly districtRows: readonly MappingRow[];
}

/** Agency code (mã định danh) -> GSO unit code. Keys starting with `$` are comments. */
export type AgencyMap = Readonly<Record<string, string>>;
