import type { ReportUpdatedV1 } from '@dossier-ledger/contracts';
import type { PartitionOffset } from '@dossier-ledger/platform';
import { standardWindows, type ScoreWindow } from './standard-windows';

/** The units whose scores must be recomputed for one window. */
export interface WindowUpdate {
  readonly window: ScoreWindow;
  readonly units: readonly string[];
}

/**
 * Coalesces `report.updated.v1` notifications until they are acted on: each (window, unit) is kept
 * once however often it is named, so repeats and redeliveries (at-least-once) cost nothing extra.
 * Pure: the caller gives today's date and which hierarchy era a window is reported under.
 */
export class PendingScoreUpdates {
  private readonly windows = new Map<string, { window: ScoreWindow; units: Set<string> }>();
  private readonly next = new Map<number, string>();
  private pairs = 0;
  private firstAt: number | null = null;

  /**
   * Adds the standard windows of every changed day of every unit. A window is reported under the
   * hierarchy valid on its `to` day (`eraMatches(era, to)`); the aggregator notifies each era's units
   * separately, so a window of another era is left to that era's notification.
   */
  add(
    update: ReportUpdatedV1,
    today: string,
    eraMatches: (era: string, onDate: string) => boolean,
    nowMs: number,
  ): void {
    for (const [unit, days] of Object.entries(update.units)) {
      const seen = new Set<string>();
      for (const day of days) {
        for (const window of standardWindows(day, today)) {
          const key = `${window.from}|${window.to}`;
          if (seen.has(key) || !eraMatches(update.era, window.to)) continue;
          seen.add(key);
          let entry = this.windows.get(key);
          if (!entry) this.windows.set(key, (entry = { window, units: new Set() }));
          if (!entry.units.has(unit)) {
            entry.units.add(unit);
            this.pairs++;
            this.firstAt ??= nowMs;
          }
        }
      }
    }
  }

  /** Records that everything below `nextOffset` of `partition` is included. */
  covered(partition: number, nextOffset: string): void {
    this.next.set(partition, nextOffset);
  }

  /** (window, unit) pairs waiting. */
  get size(): number {
    return this.pairs;
  }

  /** How long the oldest waiting pair has waited. */
  ageMs(nowMs: number): number {
    return this.firstAt === null ? 0 : nowMs - this.firstAt;
  }

  /** The waiting windows by first day, then last day; units sorted. */
  updates(): WindowUpdate[] {
    return [...this.windows.values()]
      .sort((a, b) =>
        a.window.from === b.window.from
          ? a.window.to.localeCompare(b.window.to)
          : a.window.from.localeCompare(b.window.from),
      )
      .map(({ window, units }) => ({ window, units: [...units].sort() }));
  }

  /** Forgets a window once its scores are stored and published. */
  done(window: ScoreWindow): void {
    const key = `${window.from}|${window.to}`;
    this.pairs -= this.windows.get(key)?.units.size ?? 0;
    this.windows.delete(key);
    if (this.windows.size === 0) this.firstAt = null;
  }

  /**
   * The offsets to commit, once nothing is waiting (every notification read so far has been acted
   * on); each is handed out once.
   */
  takeCommits(): PartitionOffset[] {
    if (this.windows.size > 0) return [];
    const commits = [...this.next].map(([partition, offset]) => ({ partition, offset }));
    this.next.clear();
    return commits;
  }

  /** Drops everything (partitions revoked): the next owner reads again from the committed offsets. */
  clear(): void {
    this.windows.clear();
    this.next.clear();
    this.pairs = 0;
    this.firstAt = null;
  }
}
