import type { DvcqgStatus } from './dvcqg-values';

/** A supplement round as far as events were emitted for it. */
export interface DvcqgRoundState {
  requested: boolean;
  received: boolean;
}

/**
 * What the diff needs to remember about a dossier between two snapshots: no personal data, only
 * the last status, the dates that events carry and which one-off events were already emitted.
 */
export interface DvcqgDossierState {
  version: 1;
  dossierId: string;
  unitCode: string;
  status?: DvcqgStatus;
  /** The last appointment date events announced (DossierReceived.dueAt or a later change). */
  dueAt?: string | null;
  processingUnit?: string;
  /** Number of events emitted so far: the `seq` of the next one. */
  seq: number;
  received: boolean;
  /** 'rejected' | 'returned' | 'withdrawn' once such a final event was emitted. */
  closed?: 'rejected' | 'returned' | 'withdrawn';
  resolved: boolean;
  resultReturned: boolean;
  digitized: boolean;
  /** A PaymentRequested without its PaymentCompleted yet. */
  paymentPending: boolean;
  /** A ProcessingPaused without its ProcessingResumed yet. */
  paused: boolean;
  rounds: DvcqgRoundState[];
  /** Per repeatable kind: how many were emitted (the key of the next event of that kind). */
  counts: Partial<Record<RepeatableKind, number>>;
}

export type RepeatableKind = 'pay-req' | 'pay' | 'pause' | 'resume' | 'transfer' | 'due';

export function initialDvcqgState(dossierId: string, unitCode: string): DvcqgDossierState {
  return {
    version: 1,
    dossierId,
    unitCode,
    seq: 0,
    received: false,
    resolved: false,
    resultReturned: false,
    digitized: false,
    paymentPending: false,
    paused: false,
    rounds: [],
    counts: {},
  };
}
