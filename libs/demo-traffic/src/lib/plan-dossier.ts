import {
  addDays,
  defaultWorkingCalendar,
  isoInVietnam,
  localDateOfEpochMs,
  type LocalDate,
  type WorkingCalendar,
} from '@dossier-ledger/calendar';
import type { Channel, DeliveryMethod, DossierEventV1, UnitLevel } from '@dossier-ledger/contracts';
import type { DemoProcedure } from './catalog';
import type { LevelProfile } from './profile';

import type { Rng } from './rng';

import { vnInstant } from './vn-time';

export interface DemoUnit {
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
}

export type PlannedOutcome = 'early' | 'onTime' | 'late' | 'returned' | 'withdrawn' | 'waiting';

export interface PlannedDossier {
  readonly dossierId: string;
  readonly unit: DemoUnit;
  readonly procedure: DemoProcedure;
  readonly channel: Channel;
  /** The appointment date after every supplement round (null: none). */
  readonly due: LocalDate | null;
  /** How it ends, judged on the dates as planned (finish date against the appointment date). */
  readonly outcome: PlannedOutcome;
  /** The dossier's events in time order, `seq` 0, 1, … */
  readonly events: readonly DossierEventV1[];
}

export interface PlanInput {
  readonly dossierId: string;
  readonly unit: DemoUnit;
  /** Receipt instant (epoch ms). */
  readonly receivedAt: number;
  readonly procedures: readonly DemoProcedure[];
  readonly profile: LevelProfile;
  readonly rng: Rng;
  readonly calendar?: WorkingCalendar;
}

const OFFICE_OPEN = 8 * 3600;
const OFFICE_LAST = 16 * 3600 + 45 * 60;
const DUE_TIME = 17 * 3600;

/** Seconds after midnight of a random moment of office hours. */
function officeSecond(rng: Rng): number {
  return rng.int(OFFICE_OPEN, OFFICE_LAST);
}

function score(rng: Rng): number {
  const x = rng.next();
  return x < 0.68 ? 5 : x < 0.9 ? 4 : x < 0.96 ? 3 : x < 0.99 ? 2 : 1;
}

/**
 * Plans one dossier's whole life from its receipt: channel, procedure, working-day appointment date,
 * supplement rounds that move the appointment by the applicant's waiting time, fees, and an end
 * (resolved early / on time / late with an apology for some, returned, withdrawn, or left waiting).
 * Pure: the same input (same rng state) gives the same events. No personal data.
 */
export function planDossier(input: PlanInput): PlannedDossier {
  const { rng, profile, unit, dossierId } = input;
  const cal = input.calendar ?? defaultWorkingCalendar;
  const procedure = rng.weighted(input.procedures, (p) => p.weight);
  const channel: Channel = rng.chance(profile.online) ? 'online' : rng.chance(profile.postal) ? 'postal' : 'direct';

  const events: DossierEventV1[] = [];
  let t = input.receivedAt;
  const push = (type: DossierEventV1['type'], at: number, fields: object = {}): void => {
    t = at;
    const seq = events.length;
    events.push({
      eventId: `${dossierId}.${seq}`,
      dossierId,
      type,
      occurredAt: isoInVietnam(at),
      unitCode: unit.code,
      seq,
      ...fields,
    } as DossierEventV1);
  };
  /** An office-hours moment of `date`, or a little after the last event when that is later. */
  const at = (date: LocalDate): number => {
    const candidate = vnInstant(date, officeSecond(rng));
    return candidate > t ? candidate : t + rng.int(60, 1800) * 1000;
  };
  const dueIso = (date: LocalDate) => isoInVietnam(vnInstant(date, DUE_TIME));

  const appointment = cal.appointment(isoInVietnam(t), procedure.days ?? 0);
  let due: LocalDate | null = procedure.days === null ? null : appointment.due;
  let day: LocalDate = appointment.countsFrom;

  push('DossierReceived', t, {
    channel,
    procedureCode: procedure.code,
    fieldCode: procedure.fieldCode,
    dueAt: due === null ? null : appointment.dueAt,
    ...(channel === 'online' ? { serviceLevel: rng.chance(profile.fullProcess) ? 'full' : 'partial' } : {}),
    feeBearing: procedure.fee,
  });
  if (rng.chance(profile.digitized)) push('DossierDigitized', t + rng.int(120, 2400) * 1000);
  let paid = false;
  if (procedure.fee && channel === 'online' && rng.chance(profile.paidAtSubmission)) {
    push('PaymentCompleted', t + rng.int(30, 600) * 1000, { online: true });
    paid = true;
  }

  const plan = (outcome: PlannedOutcome): PlannedDossier => ({
    dossierId,
    unit,
    procedure,
    channel,
    due,
    outcome,
    events,
  });

  // Supplement round: the appointment moves by the time the applicant took.
  if (rng.chance(profile.supplement)) {
    let requestDay = cal.nthWorkingDayAfter(day, rng.int(0, 2));
    if (due !== null && requestDay > due) requestDay = day;
    push('SupplementRequested', at(requestDay));
    if (rng.chance(profile.supplementAbandoned)) return plan('waiting');
    let answerDay = addDays(requestDay, rng.int(1, 12));
    if (!cal.isWorkingDay(answerDay)) answerDay = cal.nextWorkingDay(answerDay);
    const answeredAt = at(answerDay);
    answerDay = localDateOfEpochMs(answeredAt);
    if (due !== null) {
      const remaining = Math.max(0, cal.workingDaysBetween(requestDay, due));
      due = cal.nthWorkingDayAfter(answerDay, remaining);
      push('SupplementReceived', answeredAt, { newDueAt: dueIso(due) });
    } else {
      push('SupplementReceived', answeredAt);
    }
    day = answerDay;
  }

  // Fees (lệ phí): requested, then paid before the result; a day later only when the appointment leaves room.
  if (procedure.fee && !paid) {
    const room = (from: LocalDate) => (due === null ? 2 : cal.workingDaysBetween(from, due));
    const requestDay = room(day) >= 2 && rng.chance(0.5) ? cal.nthWorkingDayAfter(day, 1) : day;
    push('PaymentRequested', at(requestDay));
    const asked = localDateOfEpochMs(t);
    const payDay = room(asked) >= 2 && rng.chance(0.4) ? cal.nthWorkingDayAfter(asked, 1) : asked;
    push('PaymentCompleted', at(payDay), { online: rng.chance(channel === 'online' ? 0.6 : 0.1) });
    day = localDateOfEpochMs(t);
  }

  const end = rng.next();
  if (end < profile.withdrawn) {
    push('DossierWithdrawn', at(cal.nthWorkingDayAfter(day, rng.int(0, 3))));
    return plan('withdrawn');
  }
  if (end < profile.withdrawn + profile.returned) {
    push('DossierReturned', at(cal.nthWorkingDayAfter(day, rng.int(1, 5))));
    return plan('returned');
  }

  let finishDay: LocalDate;
  if (due === null) {
    finishDay = cal.nthWorkingDayAfter(day, rng.int(0, 3));
  } else if (day > due) {
    finishDay = day;
  } else {
    const u = rng.next();
    if (u < profile.late) {
      finishDay = cal.nthWorkingDayAfter(due, rng.int(1, 6));
      if (rng.chance(profile.apology))
        push('ApologyIssued', at(due > day ? due : day), { newDueAt: dueIso(finishDay) });
    } else if (u < profile.late + profile.onTime || day === due) {
      finishDay = due;
    } else {
      const span = cal.workingDaysBetween(day, due);
      finishDay = cal.nthWorkingDayAfter(day, Math.min(rng.int(0, span - 1), rng.int(0, span - 1)));
    }
  }
  const electronicResult = rng.chance(profile.electronicResult);
  push('DossierResolved', at(finishDay), { electronicResult });
  const finishedOn = localDateOfEpochMs(t);
  const outcome: PlannedOutcome = due === null || finishedOn === due ? 'onTime' : finishedOn < due ? 'early' : 'late';

  const deliveredVia: DeliveryMethod =
    electronicResult && channel === 'online' ? 'electronic' : channel === 'postal' ? 'postal' : 'desk';
  push('ResultReturned', at(cal.nthWorkingDayAfter(finishedOn, deliveredVia === 'electronic' ? 0 : rng.int(0, 2))), {
    deliveredVia,
  });
  if (rng.chance(profile.rated)) push('SatisfactionRated', t + rng.int(600, 72 * 3600) * 1000, { score: score(rng) });
  return plan(outcome);
}
