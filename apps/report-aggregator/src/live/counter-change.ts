/**
 * One counter chunk of the merged read model took a newer value: the days (day numbers) on which
 * its unit's counters differ. The counters are rolled up at write time, so a dossier of a commune
 * changes the chunks of the commune and of each ancestor: each arrives as its own change.
 */
export interface CounterChange {
  era: string;
  unitCode: string;
  /** Day numbers, ascending, never empty. */
  days: readonly number[];
  /** Events-topic partition whose counters changed (its owner publishes `report.updated.v1`). */
  partition: number;
}

export type CounterChangeListener = (change: CounterChange) => void;
