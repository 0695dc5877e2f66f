import { isIsoLocalDate, type LocalDate } from '@dossier-ledger/calendar';
import { InvalidUnitDataError } from './unit-errors';
import type { CommuneMappingDataset, MappingRow, UnitRow, UnitsDataset } from './unit-types';

// Runtime checks for the JSON data files: the static type of an imported JSON is only a guess.

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidUnitDataError(`${what}: expected an object`);
  }
  return value as Json;
}

function str(o: Json, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new InvalidUnitDataError(`${what}: "${key}" must be a string`);
  return v;
}

function dateOrNull(o: Json, key: string, what: string): LocalDate | null {
  const v = o[key];
  if (v === null) return null;
  if (!isIsoLocalDate(v)) throw new InvalidUnitDataError(`${what}: "${key}" must be YYYY-MM-DD or null`);
  return v;
}

function rows(o: Json, key: string, what: string): unknown[][] {
  const v = o[key];
  if (!Array.isArray(v) || !v.every(Array.isArray))
    throw new InvalidUnitDataError(`${what}: "${key}" must be an array of rows`);
  return v as unknown[][];
}

function header(o: Json, what: string) {
  if (o['version'] !== 1) throw new InvalidUnitDataError(`${what}: unsupported version ${String(o['version'])}`);
  return {
    id: str(o, 'id', what),
    version: 1,
    source: str(o, 'source', what),
    sourceVersion: str(o, 'sourceVersion', what),
  };
}

const UNIT_CODE = /^\d{2}$|^\d{3}$|^\d{5}$/;
const LEVELS = new Set(['p', 'd', 'c']);
const HOWS = new Set(['s', 'o', 'n', 'b', 'm', 'z', 'i', 'a', 'r', 'g']);

export function parseUnitsDataset(json: unknown): UnitsDataset {
  const o = object(json, 'units dataset');
  const h = header(o, 'units dataset');
  const what = h.id;
  const describesDate = dateOrNull(o, 'describesDate', what);
  if (describesDate === null) throw new InvalidUnitDataError(`${what}: describesDate is required`);
  const units = rows(o, 'units', what).map((row, i): UnitRow => {
    const [code, name, level, parent] = row;
    const ok =
      typeof code === 'string' &&
      UNIT_CODE.test(code) &&
      typeof name === 'string' &&
      typeof level === 'string' &&
      LEVELS.has(level) &&
      (parent === null || typeof parent === 'string');
    if (!ok) throw new InvalidUnitDataError(`${what}: bad unit row #${i}: ${JSON.stringify(row)}`);
    return [code, name, level as UnitRow[2], parent];
  });
  return {
    ...h,
    describesDate,
    validFrom: dateOrNull(o, 'validFrom', what),
    validTo: dateOrNull(o, 'validTo', what),
    units,
  };
}

function mappingRows(o: Json, key: string, what: string): MappingRow[] {
  return rows(o, key, what).map((row, i): MappingRow => {
    const [oldCode, newCode, how] = row;
    const ok =
      typeof oldCode === 'string' &&
      UNIT_CODE.test(oldCode) &&
      typeof newCode === 'string' &&
      UNIT_CODE.test(newCode) &&
      typeof how === 'string' &&
      HOWS.has(how);
    if (!ok) throw new InvalidUnitDataError(`${what}: bad ${key} row #${i}: ${JSON.stringify(row)}`);
    return [oldCode, newCode, how as MappingRow[2]];
  });
}

export function parseCommuneMapping(json: unknown): CommuneMappingDataset {
  const o = object(json, 'commune mapping');
  const h = header(o, 'commune mapping');
  const effectiveDate = dateOrNull(o, 'effectiveDate', h.id);
  if (effectiveDate === null) throw new InvalidUnitDataError(`${h.id}: effectiveDate is required`);
  return {
    ...h,
    fromDataset: str(o, 'fromDataset', h.id),
    toDataset: str(o, 'toDataset', h.id),
    effectiveDate,
    rows: mappingRows(o, 'rows', h.id),
    districtRows: o['districtRows'] === undefined ? [] : mappingRows(o, 'districtRows', h.id),
  };
}
