import { type UnitLevel } from '@dossier-ledger/contracts';
import type { LocalDate } from '@dossier-ledger/calendar';
import { InvalidUnitDataError } from './unit-errors';

import type { LevelCode, Unit, UnitsDataset } from './unit-types';

const LEVEL_OF: Record<LevelCode, UnitLevel> = { p: 'province', d: 'district', c: 'commune' };
const CODE_LENGTH: Record<UnitLevel, number> = { province: 2, district: 3, commune: 5 };
// Allowed parent levels: communes hang under districts (3 levels) or provinces (2 levels, 2025+).
const PARENT_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
};

/** Immutable index of one effective-dated hierarchy (one dataset). */
export class UnitEra {
  readonly id: string;
  readonly validFrom: LocalDate | null;
  readonly validTo: LocalDate | null;
  readonly describesDate: LocalDate;
  readonly source: string;
  readonly sourceVersion: string;
  private readonly byCode = new Map<string, Unit>();
  private readonly childrenOf = new Map<string, Unit[]>();

  constructor(dataset: UnitsDataset) {
    this.id = dataset.id;
    this.validFrom = dataset.validFrom;
    this.validTo = dataset.validTo;
    this.describesDate = dataset.describesDate;
    this.source = dataset.source;
    this.sourceVersion = dataset.sourceVersion;
    if (this.validFrom !== null && this.validTo !== null && this.validFrom > this.validTo) {
      throw new InvalidUnitDataError(`${this.id}: validFrom is after validTo`);
    }
    for (const [code, name, levelCode, parentCode] of dataset.units) {
      const level = LEVEL_OF[levelCode];
      if (code.length !== CODE_LENGTH[level]) throw new InvalidUnitDataError(`${this.id}: ${level} code ${code}`);
      if (this.byCode.has(code)) throw new InvalidUnitDataError(`${this.id}: duplicate code ${code}`);
      this.byCode.set(code, Object.freeze({ code, name, level, parentCode, datasetId: this.id }));
    }
    for (const unit of this.byCode.values()) this.link(unit);
  }

  private link(unit: Unit): void {
    if (unit.parentCode === null) {
      if (unit.level !== 'province') throw new InvalidUnitDataError(`${this.id}: ${unit.code} has no parent`);
      return;
    }
    const parent = this.byCode.get(unit.parentCode);
    if (!parent || !PARENT_LEVELS[unit.level].includes(parent.level)) {
      throw new InvalidUnitDataError(`${this.id}: ${unit.code} has bad parent ${unit.parentCode}`);
    }
    const siblings = this.childrenOf.get(parent.code);
    if (siblings) siblings.push(unit);
    else this.childrenOf.set(parent.code, [unit]);
  }

  covers(date: LocalDate): boolean {
    return (this.validFrom === null || this.validFrom <= date) && (this.validTo === null || date <= this.validTo);
  }

  get(code: string): Unit | undefined {
    return this.byCode.get(code);
  }

  children(code: string): readonly Unit[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** Parent first, province last. */
  ancestors(code: string): Unit[] {
    const chain: Unit[] = [];
    let unit = this.byCode.get(code);
    while (unit?.parentCode != null) {
      unit = this.byCode.get(unit.parentCode);
      if (unit) chain.push(unit);
    }
    return chain;
  }

  /** The province containing the unit (the unit itself for a province). */
  provinceOf(code: string): Unit | undefined {
    let unit = this.byCode.get(code);
    while (unit?.parentCode != null) unit = this.byCode.get(unit.parentCode);
    return unit;
  }

  units(level?: UnitLevel): Unit[] {
    const all = [...this.byCode.values()];
    return level ? all.filter((u) => u.level === level) : all;
  }
}
