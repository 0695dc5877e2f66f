import type { Channel, DeliveryMethod, DossierEventV1 } from '@dossier-ledger/contracts';
import { DvcqgFieldError } from './dvcqg-errors';
import { initialDvcqgState, type DvcqgDossierState, type RepeatableKind } from './dvcqg-dossier-state';
import type { DvcqgSnapshot } from './dvcqg-snapshot';
import { shownValue, type DvcqgStatus } from './dvcqg-values';

export interface DvcqgMappingContext {
  /** The dossier's unit (GSO code) resolved from MaDinhDanhDV. */
  unitCode: string;
  /** When the snapshot arrived, ISO-8601 with offset: the time of changes that carry no date. */
  arrivedAt: string;
  /** Path of the HoSo in the payload for error messages, e.g. `data[0]`. */
  path: string;
  /** Maps DonViXuLy (an agency code) to a unit code for transfers; unmapped codes are used as they are. */
  resolveUnit?: (agencyCode: string) => string | undefined;
}

export interface DvcqgDiff {
  events: DossierEventV1[];
  state: DvcqgDossierState;
}

/** Suffix of event ids whose occurredAt is the arrival time because the snapshot had no date. */
export const ARRIVAL_TIME_MARK = '@arrival';

const CHANNELS: Record<number, Channel> = { 1: 'direct', 2: 'online', 3: 'postal' };
const OPEN: readonly DvcqgStatus[] = ['new', 'processing', 'waiting', 'paying', 'unresolved', 'interoperating'];
const RESOLVED: readonly DvcqgStatus[] = ['releasing', 'done'];
const UNIT_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

type EventBody = Record<string, unknown>;

/**
 * Turns one HoSo snapshot into the canonical events that happened since the dossier's last known
 * state, and the new state. Pure and deterministic: the same snapshot applied to the same state
 * gives the same event ids; applied to the state it produced, it gives no events.
 * The mapping table, with its assumptions, is docs/dvcqg.md.
 */
export function diffDvcqgSnapshot(
  previous: DvcqgDossierState | undefined,
  snapshot: DvcqgSnapshot,
  context: DvcqgMappingContext,
): DvcqgDiff {
  const state: DvcqgDossierState = structuredClone(previous ?? initialDvcqgState(snapshot.dossierId, context.unitCode));
  const events: DossierEventV1[] = [];
  const field = (name: string) => `${context.path}.${name}`;

  const emit = (kind: string, key: string | undefined, date: string | undefined, body: EventBody) => {
    const eventId = `dvcqg:${snapshot.dossierId}:${kind}${key === undefined ? '' : `:${key}`}${date ? '' : ARRIVAL_TIME_MARK}`;
    events.push({
      eventId,
      dossierId: snapshot.dossierId,
      occurredAt: date ?? context.arrivedAt,
      unitCode: context.unitCode,
      seq: state.seq++,
      ...body,
    } as DossierEventV1);
  };
  const emitNext = (kind: RepeatableKind, date: string | undefined, body: EventBody) => {
    const n = (state.counts[kind] ?? 0) + 1;
    state.counts[kind] = n;
    emit(kind, String(n), date, body);
  };

  const status = snapshot.status;
  const before = state.status;
  const isOpen = OPEN.includes(status);
  const isResolved = RESOLVED.includes(status);

  // 1. Reception, refusal.
  if (status === 'denied') {
    if (!state.received && !state.closed) {
      state.closed = 'rejected';
      emit('rejected', undefined, snapshot.refusedAt, { type: 'DossierRejected' });
    } else if (state.received && !state.closed && !state.resolved) {
      state.closed = 'returned';
      emit('returned', undefined, snapshot.refusedAt ?? snapshot.processingEndedAt, { type: 'DossierReturned' });
    }
  } else if (status !== 'receiving' && !state.received && !state.closed) {
    state.received = true;
    const dueAt = snapshot.supplementRounds[0]?.previousDueAt ?? snapshot.dueAt ?? null;
    state.dueAt = dueAt;
    emit('received', undefined, required(snapshot.receivedAt, field('NgayTiepNhan'), status), {
      type: 'DossierReceived',
      channel: CHANNELS[required(snapshot.channelCode, field('KenhThucHien'), status)],
      procedureCode: code(required(snapshot.procedureCode, field('MaTTHC'), status), field('MaTTHC')),
      fieldCode: code(required(snapshot.fieldCode, field('MaLinhVuc'), status), field('MaLinhVuc')),
      dueAt,
      ...(snapshot.feeBearing === undefined ? {} : { feeBearing: snapshot.feeBearing }),
    });
  }

  if (state.received) {
    // 2. Digitised components.
    if (snapshot.digitized && !state.digitized) {
      state.digitized = true;
      emit('digitized', undefined, snapshot.receivedAt, { type: 'DossierDigitized' });
    }

    // 3. Supplement rounds listed in DanhSachHoSoBoSung (append-only, in order: assumption).
    snapshot.supplementRounds.forEach((round, i) => {
      const known = (state.rounds[i] ??= { requested: false, received: false });
      if (!known.requested) {
        known.requested = true;
        emit('sup-req', String(i + 1), round.requestedAt, { type: 'SupplementRequested' });
      }
      if (round.completed && !known.received) {
        known.received = true;
        if (round.newDueAt) state.dueAt = round.newDueAt;
        emit('sup-rcv', String(i + 1), round.receivedAt, {
          type: 'SupplementReceived',
          ...(round.newDueAt ? { newDueAt: round.newDueAt } : {}),
        });
      }
    });

    // 4. Status transitions the list did not explain.
    const openRound = state.rounds.findIndex((r) => r.requested && !r.received);
    if (status === 'waiting' && openRound < 0) {
      state.rounds.push({ requested: true, received: false });
      emit('sup-req', String(state.rounds.length), snapshot.supplementRequestedAt, { type: 'SupplementRequested' });
    } else if (status !== 'waiting' && openRound >= 0 && (isOpen || isResolved)) {
      state.rounds[openRound].received = true;
      const newDueAt = snapshot.dueAt && snapshot.dueAt !== state.dueAt ? snapshot.dueAt : undefined;
      if (newDueAt) state.dueAt = newDueAt;
      emit('sup-rcv', String(openRound + 1), undefined, {
        type: 'SupplementReceived',
        ...(newDueAt ? { newDueAt } : {}),
      });
    }

    if (status === 'paying' && !state.paymentPending) {
      state.paymentPending = true;
      emitNext('pay-req', undefined, { type: 'PaymentRequested' });
    } else if (status !== 'paying' && state.paymentPending && (isOpen || isResolved)) {
      state.paymentPending = false;
      emitNext('pay', undefined, { type: 'PaymentCompleted', online: snapshot.paidOnline });
    } else if (snapshot.paidOnline && !state.counts['pay'] && !state.paymentPending) {
      emitNext('pay', snapshot.submittedAt, { type: 'PaymentCompleted', online: true });
    }

    if (status === 'unresolved' && !state.paused) {
      state.paused = true;
      emitNext('pause', undefined, { type: 'ProcessingPaused' });
    } else if (status !== 'unresolved' && state.paused && (isOpen || isResolved)) {
      state.paused = false;
      emitNext('resume', undefined, { type: 'ProcessingResumed' });
    }

    if (
      status === 'interoperating' &&
      (before !== 'interoperating' || snapshot.processingUnit !== state.processingUnit)
    ) {
      const target = required(snapshot.processingUnit, field('DonViXuLy'), status);
      emitNext('transfer', undefined, {
        type: 'DossierTransferred',
        toUnitCode: code(context.resolveUnit?.(target) ?? target, field('DonViXuLy')),
      });
    }

    // 5. Appointment date moved without a supplement round explaining it.
    if (isOpen && snapshot.dueAt && snapshot.dueAt !== state.dueAt) {
      state.dueAt = snapshot.dueAt;
      emitNext('due', undefined, {
        type: 'DueDateChanged',
        newDueAt: snapshot.dueAt,
        cause: 'NgayHenTra changed in a DVCQG snapshot',
      });
    }

    // 6. Endings.
    if (isResolved && !state.resolved && !state.closed) {
      state.resolved = true;
      emit('resolved', undefined, snapshot.processingEndedAt, {
        type: 'DossierResolved',
        ...(snapshot.electronicResult ? { electronicResult: true } : {}),
      });
    }
    if (status === 'done' && state.resolved && !state.resultReturned) {
      state.resultReturned = true;
      emit('result', undefined, snapshot.returnedAt, { type: 'ResultReturned', deliveredVia: deliveredVia(snapshot) });
    }
    if (status === 'cancelled' && !state.closed && !state.resolved) {
      state.closed = 'withdrawn';
      emit('withdrawn', undefined, snapshot.processingEndedAt, { type: 'DossierWithdrawn' });
    }
  }

  state.status = status;
  if (snapshot.processingUnit !== undefined) state.processingUnit = snapshot.processingUnit;
  capArrivalTimes(events);
  return { events, state };
}

const ENDINGS: ReadonlySet<DossierEventV1['type']> = new Set([
  'DossierResolved',
  'ResultReturned',
  'DossierWithdrawn',
  'DossierReturned',
]);

/**
 * A change the snapshot gives no date for happened before the snapshot arrived, and before the dated
 * ending the same snapshot reports after it: an undated supplement receipt, payment or resume is taken
 * at the ending's time rather than at the (later) arrival, so it never looks later than the resolution.
 */
function capArrivalTimes(events: DossierEventV1[]): void {
  let ceiling: { at: number; iso: string } | null = null;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    const at = Date.parse(event.occurredAt);
    if (!event.eventId.endsWith(ARRIVAL_TIME_MARK)) {
      if (ENDINGS.has(event.type) && (ceiling === null || at < ceiling.at)) ceiling = { at, iso: event.occurredAt };
    } else if (ceiling !== null && at > ceiling.at) {
      events[i] = { ...event, occurredAt: ceiling.iso };
    }
  }
}

function deliveredVia(snapshot: DvcqgSnapshot): DeliveryMethod {
  if (snapshot.deliveryCode === 1) return 'postal';
  if (snapshot.deliveryCode === undefined && snapshot.electronicResult) return 'electronic';
  return 'desk';
}

function required<T>(value: T | undefined, field: string, status: DvcqgStatus): T {
  if (value === undefined) throw new DvcqgFieldError(field, `is required when TrangThaiHoSo is ${status}`);
  return value;
}

function code(value: string, field: string): string {
  if (!UNIT_CODE.test(value))
    throw new DvcqgFieldError(field, `must be a code of letters, digits, . _ - (got ${shownValue(value)})`);
  return value;
}
