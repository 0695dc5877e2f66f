import type { CounterChange } from './counter-change';
import type { ReportChangeHub } from './report-change-hub';
import { CoalescingTimer, UnitDayChanges, type ChangedUnitDays } from './unit-day-changes';
import type { UnitSubtree } from './unit-subtree';

/** The data of one SSE message (`event: report.updated`). */
export interface ReportStreamMessage {
  /** Hierarchy era of the codes. */
  era: string;
  /** The unit the stream follows. */
  unit: string;
  /** Units of its subtree (itself included) → local days whose figures changed. */
  units: ChangedUnitDays;
}

export interface ReportStreamSink {
  message(message: ReportStreamMessage): void;
  /** An SSE comment line: keeps proxies and clients from closing an idle stream. */
  comment(text: string): void;
}

export interface ReportStreamTiming {
  coalesceMs: number;
  keepAliveMs: number;
}

/**
 * One open stream: gathers the hub's changes inside one unit's subtree and sends them at most once
 * per `coalesceMs`, plus a keep-alive comment every `keepAliveMs`. `close()` releases everything.
 */
export class ReportStreamSubscription {
  private readonly pending = new UnitDayChanges();
  private readonly timer: CoalescingTimer;
  private readonly keepAlive: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(
    hub: ReportChangeHub,
    private readonly subtree: UnitSubtree,
    private readonly sink: ReportStreamSink,
    timing: ReportStreamTiming,
  ) {
    this.timer = new CoalescingTimer(timing.coalesceMs, () => this.flush());
    this.keepAlive = setInterval(() => sink.comment('keep-alive'), timing.keepAliveMs);
    this.keepAlive.unref();
    this.unsubscribe = hub.subscribe((change) => this.onChange(change));
  }

  close(): void {
    this.unsubscribe();
    this.timer.cancel();
    clearInterval(this.keepAlive);
  }

  private onChange(change: CounterChange): void {
    if (!this.subtree.contains(change.era, change.unitCode)) return;
    this.pending.add(change.era, change.unitCode, change.days);
    this.timer.touch();
  }

  private flush(): void {
    for (const [era, units] of this.pending.take()) this.sink.message({ era, unit: this.subtree.rootCode, units });
  }
}
