import type { Channel, DeliveryMethod, DossierEventType, ServiceLevel } from './dossier-event-types';

/** Fields every v1 event carries (flat JSON envelope). */
export interface DossierEventEnvelope {
  eventId: string; // unique per source: the idempotency key
  dossierId: string; // MaHoSo
  type: DossierEventType;
  occurredAt: string; // ISO-8601 with offset
  unitCode: string; // GSO code or registered agency code
  seq?: number; // per-dossier sequence from the source
  schemaVersion?: 1;
}

type Event<T extends DossierEventType, F = object> = DossierEventEnvelope & { type: T } & F;

export type DossierReceivedV1 = Event<
  'DossierReceived',
  {
    channel: Channel;
    procedureCode: string;
    fieldCode: string; // mã lĩnh vực
    dueAt: string | null; // ngày hẹn trả; null when the procedure has none
    serviceLevel?: ServiceLevel;
    feeBearing?: boolean;
    receivingUnitCode?: string;
    tags?: string[];
  }
>;
export type SupplementRequestedV1 = Event<'SupplementRequested'>;
export type SupplementReceivedV1 = Event<'SupplementReceived', { newDueAt?: string }>;
export type PaymentRequestedV1 = Event<'PaymentRequested'>;
export type PaymentCompletedV1 = Event<'PaymentCompleted', { online: boolean }>;
export type ProcessingPausedV1 = Event<'ProcessingPaused'>;
export type ProcessingResumedV1 = Event<'ProcessingResumed'>;
export type DossierTransferredV1 = Event<'DossierTransferred', { toUnitCode: string }>;
export type DueDateChangedV1 = Event<'DueDateChanged', { newDueAt: string; cause: string }>;
export type ApologyIssuedV1 = Event<'ApologyIssued', { newDueAt?: string }>;
export type DossierResolvedV1 = Event<'DossierResolved', { electronicResult?: boolean }>;
export type ResultReturnedV1 = Event<'ResultReturned', { deliveredVia: DeliveryMethod }>;
export type DossierReturnedV1 = Event<'DossierReturned'>;
export type DossierWithdrawnV1 = Event<'DossierWithdrawn'>;
export type DossierRejectedV1 = Event<'DossierRejected'>;
export type DossierDigitizedV1 = Event<'DossierDigitized'>;
export type SatisfactionRatedV1 = Event<'SatisfactionRated', { score: number }>;

export type DossierEventV1 =
  | DossierReceivedV1
  | SupplementRequestedV1
  | SupplementReceivedV1
  | PaymentRequestedV1
  | PaymentCompletedV1
  | ProcessingPausedV1
  | ProcessingResumedV1
  | DossierTransferredV1
  | DueDateChangedV1
  | ApologyIssuedV1
  | DossierResolvedV1
  | ResultReturnedV1
  | DossierReturnedV1
  | DossierWithdrawnV1
  | DossierRejectedV1
  | DossierDigitizedV1
  | SatisfactionRatedV1;

export type DossierEventOf<T extends DossierEventType> = Extract<DossierEventV1, { type: T }>;
