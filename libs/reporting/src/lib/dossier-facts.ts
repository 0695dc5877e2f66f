import type { LocalDate } from '@dossier-ledger/calendar';
import type { Channel, ServiceLevel } from '@dossier-ledger/contracts';
import type { AnomalyCode } from './anomalies';

/** Pending states of an open dossier (trạng thái đang giải quyết). */
export type PendingState = 'processing' | 'waitingSupplement' | 'waitingPayment' | 'paused';

/** How a dossier ended: resolved (đã giải quyết), returned (trả lại), withdrawn (rút). */
export type FinishKind = 'resolved' | 'returned' | 'withdrawn';

/** From `day` (a calendar day number, inclusive) on, the appointment day in force is `dueDay` (null: none). */
export interface DueSpan {
  readonly day: number;
  readonly dueDay: number | null;
}

/** From `day` on, the dossier is in `state` (the state at the end of that day). */
export interface StateSpan {
  readonly day: number;
  readonly state: PendingState;
}

export interface DossierFinish {
  readonly kind: FinishKind;
  readonly on: LocalDate;
  readonly day: number;
}

/** One satisfaction rating: its day and the score × 1000 (integer). */
export interface Rating {
  readonly day: number;
  readonly milli: number;
}

/**
 * What a dossier's events mean for counting: compact, no personal data, the same for any order or
 * repetition of the same events. Day fields are calendar day numbers (days since 1970-01-01, UTC+7).
 */
export interface DossierFacts {
  readonly dossierId: string;
  /** Basis id of the counting rules the facts were folded under (finishOn, owner). */
  readonly countingRulesId: string;
  /** Received and not rejected: only counted dossiers contribute to any figure. */
  readonly counted: boolean;
  /** The unit the dossier is counted under, per rules.owner. */
  readonly ownerUnitCode: string | null;
  readonly receivingUnitCode: string | null;
  /** toUnitCode of the last transfer (liên thông) before the dossier finished; null when never transferred. */
  readonly resolvingUnitCode: string | null;
  readonly fieldCode: string | null;
  readonly procedureCode: string | null;
  /** The channel of the receipt: a transfer never changes it. */
  readonly channel: Channel | null;
  readonly serviceLevel: ServiceLevel | null;
  readonly feeBearing: boolean;
  readonly receivedOn: LocalDate | null;
  readonly receivedDay: number | null;
  /** Appointment date in force over time, starting on the receipt day; canonical (no repeated values). */
  readonly dueTimeline: readonly DueSpan[];
  /** Pending state over time, starting on the receipt day and frozen when processing ends; canonical. */
  readonly pendingTimeline: readonly StateSpan[];
  /** The finish per rules.finishOn; null while the dossier is open. */
  readonly finish: DossierFinish | null;
  /** Refused at intake (từ chối tiếp nhận): never counted. */
  readonly rejected: boolean;
  readonly apologyIssued: boolean;
  /** New date promised by the last apology letter: recorded, but lateness is judged on the due timeline. */
  readonly apologyPromisedOn: LocalDate | null;
  readonly paidOnline: boolean;
  readonly electronicResult: boolean;
  readonly digitized: boolean;
  readonly satisfaction: { readonly sum: number; readonly count: number };
  readonly ratings: readonly Rating[];
  /**
   * The day of the second supplement round's request (yêu cầu bổ sung lần 2), null with fewer than two
   * rounds. A round opens with a request that finds the dossier not already waiting for a supplement; only
   * requests after the receipt and before processing ended count. Scoring (766 progress) judges such a
   * dossier late from that day on (docs/reporting.md §9).
   */
  readonly repeatedSupplementDay: number | null;
  /** Working days from receipt to finish for resolved dossiers (calendar.workingDaysBetween). */
  readonly resolutionWorkingDays: number | null;
  /** Sorted, unique anomaly codes (see anomalies.ts). */
  readonly anomalies: readonly AnomalyCode[];
}
