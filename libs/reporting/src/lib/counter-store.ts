import { UNIT_LEVELS, type UnitLevel } from '@dossier-ledger/contracts';
import type { Contribution } from './contributions';

import { countingBasisId, DEFAULT_COUNTING_RULES, type CountingRules } from './counting-rules';

import {
  COUNTER_COUNT,
  COUNTER_LAYOUT_VERSION,
  FIELD_COUNTER_COUNT,
  PROCEDURE_COUNTER_COUNT,
  PROCEDURE_ROUTES,
} from './counters';

import { DaySeries, SeriesArena } from './day-series';

import { type ReportChain, type UnitHierarchy } from './unit-hierarchy.port';

const LEVEL_INDEX: Readonly<Record<UnitLevel, number>> = { province: 0, district: 1, commune: 2 };

/**
 * The counters of one unit in one era: a day series of the report counters per (level of the dossier's own
 * unit, field), one series of every counter for the whole unit, and a series per procedure. The unit's
 * series already include every descendant (write-time roll-up).
 */
export class UnitCounters {
  /** Every counter of every level and field together: unit totals, child rows and scoring read this series. */
  readonly total: DaySeries;
  private readonly byLevel: (Map<string, DaySeries> | undefined)[] = [undefined, undefined, undefined];
  private readonly byProcedure = new Map<string, DaySeries>();

  constructor(
    readonly era: string,
    readonly unitCode: string,
    private readonly arena: SeriesArena = new SeriesArena(),
  ) {
    // Integer day rows: every counter is an integer, and a unit's day stays far inside Int32 (the largest,
    // the satisfaction milli-sum, takes 400,000 ratings of 5 in one day to leave it).
    this.total = new DaySeries(COUNTER_COUNT, arena, true);
  }

  /** Field series (report counters 0–12) of dossiers whose own unit is at `level`. */
  fields(level: UnitLevel): ReadonlyMap<string, DaySeries> | undefined {
    return this.byLevel[LEVEL_INDEX[level]];
  }

  /** Levels that have at least one series, in the fixed order province, district, commune. */
  levels(): UnitLevel[] {
    return UNIT_LEVELS.filter((level) => this.byLevel[LEVEL_INDEX[level]] !== undefined);
  }

  procedures(): ReadonlyMap<string, DaySeries> {
    return this.byProcedure;
  }

  fieldSeries(levelIndex: number, fieldCode: string): DaySeries {
    let fields = this.byLevel[levelIndex];
    if (fields === undefined) {
      fields = new Map();
      this.byLevel[levelIndex] = fields;
    }
    let series = fields.get(fieldCode);
    if (series === undefined) {
      series = new DaySeries(FIELD_COUNTER_COUNT, this.arena, true);
      fields.set(fieldCode, series);
    }
    return series;
  }

  procedureSeries(procedureCode: string): DaySeries {
    let series = this.byProcedure.get(procedureCode);
    if (series === undefined) {
      series = new DaySeries(PROCEDURE_COUNTER_COUNT, this.arena, true);
      this.byProcedure.set(procedureCode, series);
    }
    return series;
  }
}

/** A JSON-able checkpoint piece: the counters of one unit in one era. */
export interface CounterStoreChunk {
  readonly format: 'dossier-ledger/counter-store';
  /** COUNTER_LAYOUT_VERSION: a chunk of another layout is refused. */
  readonly layout: number;
  /** countingBasisId of the rules the counters were built under. */
  readonly basis: string;
  readonly era: string;
  readonly unitCode: string;
  /** [level, fieldCode, rows]; rows flattened as day, n, then n pairs (counter, value). */
  readonly series: [UnitLevel, string, number[]][];
  /** [procedureCode, rows], rows as above over the procedure counters. */
  readonly procedures: [string, number[]][];
  /** Rows of the unit's scoring counters (13–26), as above. Absent in chunks of layout 1 writers that put them in `series`. */
  readonly scoring?: number[];
}

/** A range of day numbers, both ends included. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

const ALL_DAYS: DayRange = { from: -Infinity, to: Infinity };

/** Rows of `series` in `days` flattened (day, n, n × (counter, value)), counters from `firstCounter` on. */
function encodeRows(series: DaySeries, firstCounter = 0, days: DayRange = ALL_DAYS): number[] {
  const flat: number[] = [];
  series.forEachRow((day, page, offset) => {
    if (day < days.from || day > days.to) return;
    const at = flat.length;
    flat.push(day, 0);
    for (let i = firstCounter; i < series.width; i++) {
      if (page[offset + i] !== 0) flat.push(i, page[offset + i]);
    }
    if (flat.length === at + 2) flat.length = at;
    else flat[at + 1] = (flat.length - at - 2) / 2;
  });
  return flat;
}

/** Calls `add` for each (day, counter, value) of flattened rows, checking counters are in [min, max). */
function decodeRows(
  flat: readonly number[],
  min: number,
  max: number,
  add: (day: number, counter: number, value: number) => void,
): void {
  let i = 0;
  while (i < flat.length) {
    const day = flat[i];
    const n = flat[i + 1];
    if (!Number.isInteger(day) || !Number.isInteger(n)) throw new Error(`malformed rows at ${i}`);
    i += 2;
    for (let k = 0; k < n; k++, i += 2) {
      const counter = flat[i];
      if (!Number.isInteger(counter) || counter < min || counter >= max)
        throw new Error(`counter index ${counter} out of range`);
      add(day, counter, flat[i + 1]);
    }
  }
}

const byFirst = <T extends [string, ...unknown[]]>(a: T, b: T): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * In-memory counters of many dossiers, keyed by (era, unit, level of the dossier's own unit, field), each a
 * sparse day series. Pure data: addition only, so applying, merging and loading commute.
 */
export class CounterStore {
  readonly basisId: string;
  private readonly eras = new Map<string, Map<string, UnitCounters>>();
  private readonly dirty = new Set<UnitCounters>();
  /** Storage of every series of this store. */
  private readonly arena = new SeriesArena();

  constructor(rules: CountingRules = DEFAULT_COUNTING_RULES) {
    this.basisId = countingBasisId(rules);
  }

  /** The counters of a unit (its own and every descendant's dossiers), or undefined when none. */
  unit(era: string, unitCode: string): UnitCounters | undefined {
    return this.eras.get(era)?.get(unitCode);
  }

  get unitCount(): number {
    let n = 0;
    for (const units of this.eras.values()) n += units.size;
    return n;
  }

  /**
   * Forgets every row of one calendar month (`YYYY-MM`) of every unit: the caller keeps that month
   * elsewhere (e.g. compressed) and adds it back when reading. Freed rows are reused by later months.
   */
  dropMonth(month: string): void {
    const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
    for (const units of this.eras.values()) {
      for (const unit of units.values()) {
        unit.total.dropMonth(index);
        for (const level of unit.levels())
          for (const series of unit.fields(level)?.values() ?? []) series.dropMonth(index);
        for (const series of unit.procedures().values()) series.dropMonth(index);
      }
    }
  }

  /** Size figures for monitoring: units, series and the bytes of the counter pages. */
  stats(): { units: number; fieldSeries: number; procedureSeries: number; arenaBytes: number; freeBytes: number } {
    let fieldSeries = 0;
    let procedureSeries = 0;
    for (const units of this.eras.values()) {
      for (const unit of units.values()) {
        for (const level of unit.levels()) fieldSeries += unit.fields(level)?.size ?? 0;
        procedureSeries += unit.procedures().size;
      }
    }
    return {
      units: this.unitCount,
      fieldSeries,
      procedureSeries,
      arenaBytes: this.arena.bytes,
      freeBytes: this.arena.freeBytes,
    };
  }

  private ensureUnit(era: string, unitCode: string): UnitCounters {
    let units = this.eras.get(era);
    if (units === undefined) {
      units = new Map();
      this.eras.set(era, units);
    }
    let unit = units.get(unitCode);
    if (unit === undefined) {
      unit = new UnitCounters(era, unitCode, this.arena);
      units.set(unitCode, unit);
    }
    return unit;
  }

  /**
   * Adds one dossier's contributions (or a diff) along each chain: to the dossier's unit and every ancestor,
   * under the level of the dossier's own unit. The chains must be those of the contributions' unit and receipt date.
   */
  apply(contributions: readonly Contribution[], chains: readonly ReportChain[]): void {
    if (contributions.length === 0) return;
    for (const chain of chains) {
      const level = LEVEL_INDEX[chain.level];
      for (const unitCode of chain.path) {
        const unit = this.ensureUnit(chain.era, unitCode);
        let fieldCode: string | undefined;
        let fieldSeries: DaySeries | undefined;
        let procedureCode: string | undefined;
        let procedureSeries: DaySeries | undefined;
        for (const c of contributions) {
          if (c.fieldCode !== fieldCode || fieldSeries === undefined) {
            fieldCode = c.fieldCode;
            fieldSeries = unit.fieldSeries(level, fieldCode);
          }
          if (c.counter < FIELD_COUNTER_COUNT) fieldSeries.add(c.day, c.counter, c.value);
          unit.total.add(c.day, c.counter, c.value);
          const routes = PROCEDURE_ROUTES[c.counter];
          if (routes.length === 0) continue;
          if (c.procedureCode !== procedureCode || procedureSeries === undefined) {
            procedureCode = c.procedureCode;
            procedureSeries = unit.procedureSeries(procedureCode);
          }
          for (const route of routes) procedureSeries.add(c.day, route, c.value);
        }
        this.dirty.add(unit);
      }
    }
  }

  /** Adds every counter of `other` (built under the same basis): readers merge partial stores of replicas. */
  merge(other: CounterStore): void {
    this.assertBasis(other.basisId);
    for (const [era, units] of other.eras) {
      for (const [unitCode, source] of units) this.mergeUnit(this.ensureUnit(era, unitCode), source);
    }
  }

  private mergeUnit(target: UnitCounters, source: UnitCounters): void {
    UNIT_LEVELS.forEach((level, index) => {
      for (const [fieldCode, series] of source.fields(level) ?? []) target.fieldSeries(index, fieldCode).merge(series);
    });
    target.total.merge(source.total);
    for (const [procedureCode, series] of source.procedures()) target.procedureSeries(procedureCode).merge(series);
    this.dirty.add(target);
  }

  private assertBasis(basis: string): void {
    if (basis !== this.basisId)
      throw new Error(`counters built under ${basis} cannot be combined with ${this.basisId}`);
  }

  private chunkOf(unit: UnitCounters, days: DayRange = ALL_DAYS): CounterStoreChunk {
    const series: [UnitLevel, string, number[]][] = [];
    for (const level of unit.levels()) {
      const fields = [...(unit.fields(level) ?? [])].sort(byFirst);
      for (const [fieldCode, s] of fields) {
        const rows = encodeRows(s, 0, days);
        if (rows.length > 0) series.push([level, fieldCode, rows]);
      }
    }
    const procedures: [string, number[]][] = [];
    for (const [procedureCode, s] of [...unit.procedures()].sort(byFirst)) {
      const rows = encodeRows(s, 0, days);
      if (rows.length > 0) procedures.push([procedureCode, rows]);
    }
    const scoring = encodeRows(unit.total, FIELD_COUNTER_COUNT, days);
    return {
      format: 'dossier-ledger/counter-store',
      layout: COUNTER_LAYOUT_VERSION,
      basis: this.basisId,
      era: unit.era,
      unitCode: unit.unitCode,
      series,
      procedures,
      ...(scoring.length > 0 ? { scoring } : {}),
    };
  }

  /**
   * The chunk of one unit (an empty one when the unit has no counters), optionally only the rows of a day
   * range (e.g. a calendar month, for checkpoints that stay small): chunks of disjoint ranges add up to the
   * unit's chunk. Use this rather than rebuilding chunks from the series, so layout changes stay here.
   */
  unitChunk(era: string, unitCode: string, days?: DayRange): CounterStoreChunk {
    return this.chunkOf(this.unit(era, unitCode) ?? new UnitCounters(era, unitCode), days);
  }

  /** The whole store as chunks, in a canonical order, without zero rows or empty units. */
  toChunks(): CounterStoreChunk[] {
    const chunks: CounterStoreChunk[] = [];
    for (const era of [...this.eras.keys()].sort()) {
      const units = this.eras.get(era) as Map<string, UnitCounters>;
      for (const unitCode of [...units.keys()].sort()) {
        const chunk = this.chunkOf(units.get(unitCode) as UnitCounters);
        if (chunk.series.length > 0 || chunk.procedures.length > 0 || chunk.scoring !== undefined) chunks.push(chunk);
      }
    }
    return chunks;
  }

  /** Chunks of the units changed since the last call (empty ones included, to overwrite a checkpoint). */
  takeDirtyChunks(): CounterStoreChunk[] {
    const chunks = [...this.dirty].map((unit) => this.chunkOf(unit));
    this.dirty.clear();
    return chunks;
  }

  /** Adds a chunk's counters (restoring a checkpoint into an empty store, or merging a replica's chunk). */
  addChunk(chunk: CounterStoreChunk): void {
    if (chunk.format !== 'dossier-ledger/counter-store' || chunk.layout !== COUNTER_LAYOUT_VERSION) {
      throw new Error(`not a counter-store chunk of layout ${COUNTER_LAYOUT_VERSION}`);
    }
    this.assertBasis(chunk.basis);
    const unit = this.ensureUnit(chunk.era, chunk.unitCode);
    for (const [level, fieldCode, rows] of chunk.series) {
      const index = LEVEL_INDEX[level];
      if (index === undefined) throw new Error(`unknown level ${String(level)}`);
      const series = unit.fieldSeries(index, fieldCode);
      // Scoring counters found in a field row (older writers) belong to the unit only.
      decodeRows(rows, 0, COUNTER_COUNT, (day, counter, value) => {
        if (counter < FIELD_COUNTER_COUNT) series.add(day, counter, value);
        unit.total.add(day, counter, value);
      });
    }
    for (const [procedureCode, rows] of chunk.procedures) {
      const series = unit.procedureSeries(procedureCode);
      decodeRows(rows, 0, PROCEDURE_COUNTER_COUNT, (day, counter, value) => series.add(day, counter, value));
    }
    decodeRows(chunk.scoring ?? [], FIELD_COUNTER_COUNT, COUNTER_COUNT, (day, counter, value) =>
      unit.total.add(day, counter, value),
    );
  }

  static fromChunks(chunks: Iterable<CounterStoreChunk>, rules: CountingRules = DEFAULT_COUNTING_RULES): CounterStore {
    const store = new CounterStore(rules);
    for (const chunk of chunks) store.addChunk(chunk);
    store.dirty.clear();
    return store;
  }
}

/** Checkpoint id of a chunk (e.g. a document `_id`). */
export function counterStoreChunkKey(chunk: Pick<CounterStoreChunk, 'basis' | 'era' | 'unitCode'>): string {
  return `${chunk.basis}:${chunk.era}:${chunk.unitCode}`;
}

/**
 * Applies contributions that may belong to several (unit, receipt date) pairs — e.g. a diff after an
 * owner change under the resolving-unit rule — asking the hierarchy for the chains of each.
 */
export function applyContributions(
  store: CounterStore,
  contributions: readonly Contribution[],
  hierarchy: UnitHierarchy,
): void {
  let start = 0;
  for (let i = 1; i <= contributions.length; i++) {
    const head = contributions[start];
    const c = contributions[i];
    if (c !== undefined && c.unitCode === head.unitCode && c.receivedOn === head.receivedOn) continue;
    const run = start === 0 && i === contributions.length ? contributions : contributions.slice(start, i);
    store.apply(run, hierarchy.reportChains(head.unitCode, head.receivedOn));
    start = i;
  }
}
