import type { DossierFacts } from './dossier-facts';

/** What a fold can find odd in a dossier's events. `counts` says whether it changes any figure. */
export const ANOMALIES = {
  missingReceipt: {
    severity: 'error',
    counts: true,
    message: 'events but no DossierReceived: the dossier counts nothing',
  },
  resolvedWithoutReceipt: {
    severity: 'error',
    counts: true,
    message: 'resolved (or result returned) but never received: not counted',
  },
  eventBeforeReceipt: { severity: 'warning', counts: true, message: 'events dated before the receipt were ignored' },
  eventAfterFinal: {
    severity: 'warning',
    counts: true,
    message: 'state events dated after the dossier finished were ignored',
  },
  dueBeforeReceipt: { severity: 'warning', counts: false, message: 'appointment date earlier than the receipt date' },
  conflictingReceipt: {
    severity: 'error',
    counts: true,
    message: 'several different DossierReceived events: the earliest one is used',
  },
  conflictingDuplicate: {
    severity: 'error',
    counts: true,
    message: 'one eventId with different contents: one version was chosen deterministically',
  },
  rejectedButReceived: {
    severity: 'error',
    counts: true,
    message: 'DossierRejected before the DossierReceived: the dossier is not counted at all',
  },
  resultWithoutResolution: {
    severity: 'warning',
    counts: false,
    message: 'ResultReturned without DossierResolved: resolved on the return date',
  },
  unmatchedResume: {
    severity: 'info',
    counts: false,
    message: 'a resume (supplement received / processing resumed) without the matching wait',
  },
  clockSkew: {
    severity: 'warning',
    counts: true,
    message: "an event's clock is earlier than the event its source sequenced before it: taken at that event's time",
  },
  rejectedAfterReceipt: {
    severity: 'warning',
    counts: true,
    message: 'DossierRejected after the receipt: counted as returned from that day',
  },
  foreignEvent: { severity: 'error', counts: true, message: 'events of another dossier were passed in and ignored' },
  invalidTimestamp: { severity: 'error', counts: true, message: 'events with an unreadable occurredAt were ignored' },
} as const;

export type AnomalyCode = keyof typeof ANOMALIES;
export type AnomalySeverity = (typeof ANOMALIES)[AnomalyCode]['severity'];

/** One finding for the reconciliation endpoint. */
export interface DossierAnomaly {
  readonly dossierId: string;
  readonly code: AnomalyCode;
  readonly severity: AnomalySeverity;
  /** True when the anomaly changes what the dossier contributes (an event ignored, a choice made). */
  readonly affectsCounts: boolean;
  readonly message: string;
}

/** The anomalies of one dossier's facts, described. */
export function listAnomalies(facts: DossierFacts): DossierAnomaly[] {
  return facts.anomalies.map((code) => {
    const { severity, counts, message } = ANOMALIES[code];
    return { dossierId: facts.dossierId, code, severity, affectsCounts: counts, message };
  });
}
