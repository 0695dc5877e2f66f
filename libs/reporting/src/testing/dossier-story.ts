import { parseIsoLocalDate, toIsoWithVnOffset } from '@dossier-ledger/calendar';
import type { Channel, DeliveryMethod, DossierEventV1, ServiceLevel } from '@dossier-ledger/contracts';

export interface ReceiptOptions {
  readonly unit: string;
  readonly on: string;
  readonly due?: string | null;
  readonly channel?: Channel;
  readonly field?: string;
  readonly procedure?: string;
  readonly serviceLevel?: ServiceLevel;
  readonly feeBearing?: boolean;
  readonly receivingUnitCode?: string;
}

type Extra = Record<string, unknown>;

/**
 * Builds one dossier's events in story order; each event gets a later minute of its day (08:00 + n),
 * so the story order is the instant order. Dates are local dates (YYYY-MM-DD).
 */
export class DossierStory {
  readonly events: DossierEventV1[] = [];
  private unitCode: string;

  private constructor(
    readonly dossierId: string,
    unit: string,
  ) {
    this.unitCode = unit;
  }

  static receive(dossierId: string, options: ReceiptOptions): DossierStory {
    const story = new DossierStory(dossierId, options.unit);
    const due = options.due === undefined ? null : options.due;
    return story.add('DossierReceived', options.on, {
      channel: options.channel ?? 'online',
      procedureCode: options.procedure ?? 'PR1',
      fieldCode: options.field ?? 'F1',
      dueAt: due === null ? null : `${due}T17:00:00+07:00`,
      ...(options.serviceLevel === undefined ? {} : { serviceLevel: options.serviceLevel }),
      ...(options.feeBearing === undefined ? {} : { feeBearing: options.feeBearing }),
      ...(options.receivingUnitCode === undefined ? {} : { receivingUnitCode: options.receivingUnitCode }),
    });
  }

  /** Events of a dossier that was never received (e.g. refused at intake). */
  static unreceived(dossierId: string, unit: string): DossierStory {
    return new DossierStory(dossierId, unit);
  }

  add(type: DossierEventV1['type'], on: string, extra: Extra = {}): this {
    const n = this.events.length;
    const occurredAt = toIsoWithVnOffset(parseIsoLocalDate(on), 8 * 60 + n);
    this.events.push({
      eventId: `${this.dossierId}#${n}`,
      dossierId: this.dossierId,
      type,
      occurredAt,
      unitCode: this.unitCode,
      ...extra,
    } as DossierEventV1);
    return this;
  }

  supplementRequested(on: string): this {
    return this.add('SupplementRequested', on);
  }
  supplementReceived(on: string, newDue?: string): this {
    return this.add('SupplementReceived', on, newDue === undefined ? {} : { newDueAt: `${newDue}T17:00:00+07:00` });
  }
  paymentRequested(on: string): this {
    return this.add('PaymentRequested', on);
  }
  paymentCompleted(on: string, online: boolean): this {
    return this.add('PaymentCompleted', on, { online });
  }
  paused(on: string): this {
    return this.add('ProcessingPaused', on);
  }
  resumed(on: string): this {
    return this.add('ProcessingResumed', on);
  }
  transferred(on: string, toUnitCode: string): this {
    this.add('DossierTransferred', on, { toUnitCode });
    this.unitCode = toUnitCode;
    return this;
  }
  dueChanged(on: string, newDue: string): this {
    return this.add('DueDateChanged', on, { newDueAt: `${newDue}T17:00:00+07:00`, cause: 'extension' });
  }
  apology(on: string, newDue?: string): this {
    return this.add('ApologyIssued', on, newDue === undefined ? {} : { newDueAt: `${newDue}T17:00:00+07:00` });
  }
  resolved(on: string, electronicResult?: boolean): this {
    return this.add('DossierResolved', on, electronicResult === undefined ? {} : { electronicResult });
  }
  resultReturned(on: string, deliveredVia: DeliveryMethod = 'desk'): this {
    return this.add('ResultReturned', on, { deliveredVia });
  }
  returned(on: string): this {
    return this.add('DossierReturned', on);
  }
  withdrawn(on: string): this {
    return this.add('DossierWithdrawn', on);
  }
  rejected(on: string): this {
    return this.add('DossierRejected', on);
  }
  digitized(on: string): this {
    return this.add('DossierDigitized', on);
  }
  rated(on: string, score: number): this {
    return this.add('SatisfactionRated', on, { score });
  }
}
