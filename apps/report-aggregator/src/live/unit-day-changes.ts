import { fromDayNumber } from '@dossier-ledger/calendar';

/** Unit code → local days (yyyy-MM-dd, ascending) whose figures changed: the wire form of a change set. */
export type ChangedUnitDays = Record<string, string[]>;

/** A set of (era, unit, day) changes gathered between two messages. */
export class UnitDayChanges {
  private readonly eras = new Map<string, Map<string, Set<number>>>();

  add(era: string, unitCode: string, days: Iterable<number>): void {
    let units = this.eras.get(era);
    if (units === undefined) this.eras.set(era, (units = new Map()));
    let set = units.get(unitCode);
    if (set === undefined) units.set(unitCode, (set = new Set()));
    for (const day of days) set.add(day);
  }

  addAll(other: UnitDayChanges): void {
    for (const [era, units] of other.eras) for (const [unitCode, days] of units) this.add(era, unitCode, days);
  }

  get isEmpty(): boolean {
    return this.eras.size === 0;
  }

  /** The changes per era in wire form; clears the set. */
  take(): Map<string, ChangedUnitDays> {
    const out = this.toWire();
    this.eras.clear();
    return out;
  }

  /** The changes per era in wire form, eras and units sorted. */
  toWire(): Map<string, ChangedUnitDays> {
    const out = new Map<string, ChangedUnitDays>();
    for (const [era, units] of [...this.eras].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const wire: ChangedUnitDays = {};
      for (const unitCode of [...units.keys()].sort()) {
        wire[unitCode] = [...(units.get(unitCode) as Set<number>)].sort((a, b) => a - b).map(fromDayNumber);
      }
      out.set(era, wire);
    }
    return out;
  }
}

/**
 * Calls `flush` once, `intervalMs` after the first `touch` since the last flush: a burst of
 * changes gives one message per interval, and a lone change waits at most one interval.
 */
export class CoalescingTimer {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
  ) {}

  touch(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.intervalMs);
    // A pending flush must not keep a stopping process alive.
    this.timer.unref();
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
