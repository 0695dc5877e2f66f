import {
  fromDayNumber,
  parseIsoLocalDate,
  toDayNumber,
  toIsoWithVnOffset,
  type LocalDate,
} from '@dossier-ledger/calendar';
import { CHANNELS, DELIVERY_METHODS, type DossierEventV1 } from '@dossier-ledger/contracts';
import fc from 'fast-check';
import type { CountingRules } from '../lib/counting-rules';
import { TEST_UNITS } from './fake-hierarchy';

/** Day 0 of the random timelines. */
export const BASE_DAY = toDayNumber(parseIsoLocalDate('2024-03-01'));

const STEP_KINDS = [
  'SupplementRequested',
  'SupplementReceived',
  'PaymentRequested',
  'PaymentCompleted',
  'ProcessingPaused',
  'ProcessingResumed',
  'DossierTransferred',
  'DueDateChanged',
  'ApologyIssued',
  'DossierResolved',
  'DossierResolved',
  'DossierResolved',
  'ResultReturned',
  'ResultReturned',
  'DossierReturned',
  'DossierWithdrawn',
  'DossierDigitized',
  'SatisfactionRated',
  'DossierRejected',
  'DossierReceived',
] as const;

interface Step {
  readonly gap: number;
  readonly kind: (typeof STEP_KINDS)[number];
  readonly minute: number;
  readonly arg: number;
}

export interface DossierPlan {
  readonly unit: string;
  readonly channel: (typeof CHANNELS)[number];
  readonly field: string;
  readonly procedure: string;
  readonly serviceLevel: 'full' | 'partial' | null;
  readonly feeBearing: boolean | null;
  readonly receiptDay: number;
  readonly receiptMinute: number;
  readonly due: number | null;
  readonly steps: readonly Step[];
  /** Supplement rounds (request, then the supplement a day later) before the steps: 2+ is a 766 scoring figure. */
  readonly supplementRounds: number;
  /** Rare: no DossierReceived at all. */
  readonly dropReceipt: boolean;
  /** Write instants in UTC (`Z`) instead of +07:00: local dates must still come out right. */
  readonly utc: boolean;
  readonly withSeq: boolean;
  /** Every event at the receipt's instant: the order is then decided by the tie-breaks alone. */
  readonly burst: boolean;
}

/** Minutes of the day: often the same few, so that events tie on the instant and the tie-breaks matter. */
const minuteArb = fc.oneof(fc.constantFrom(0, 480, 481, 1020, 1439), fc.integer({ min: 0, max: 1439 }));

const stepArb: fc.Arbitrary<Step> = fc.record({
  gap: fc.oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }) },
  ),
  kind: fc.constantFrom(...STEP_KINDS),
  minute: minuteArb,
  arg: fc.integer({ min: -3, max: 12 }),
});

export const dossierPlanArb: fc.Arbitrary<DossierPlan> = fc.record({
  unit: fc.constantFrom(...TEST_UNITS),
  channel: fc.constantFrom(...CHANNELS),
  field: fc.constantFrom('F1', 'F2', 'F3'),
  procedure: fc.constantFrom('PR1', 'PR2', 'PR3', 'PR4'),
  serviceLevel: fc.constantFrom('full', 'partial', null),
  feeBearing: fc.constantFrom(true, false, null),
  receiptDay: fc.integer({ min: 0, max: 50 }),
  receiptMinute: minuteArb,
  due: fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 5, arbitrary: fc.integer({ min: -1, max: 15 }) },
  ),
  steps: fc.array(stepArb, { maxLength: 9 }),
  supplementRounds: fc.integer({ min: 0, max: 6 }).map((n) => Math.max(0, n - 3)),
  dropReceipt: fc.integer({ min: 0, max: 19 }).map((r) => r === 0),
  utc: fc.boolean(),
  withSeq: fc.boolean(),
  burst: fc.integer({ min: 0, max: 5 }).map((r) => r === 0),
});

function instant(day: number, minute: number, utc: boolean): string {
  if (!utc) return toIsoWithVnOffset(fromDayNumber(day), minute);
  return new Date(day * 86_400_000 + (minute - 420) * 60_000).toISOString();
}

/** The events of one planned dossier, in plan order. */
export function planEvents(dossierId: string, plan: DossierPlan): DossierEventV1[] {
  const events: DossierEventV1[] = [];
  let unitCode = plan.unit;
  const push = (
    type: DossierEventV1['type'],
    day: number,
    minute: number,
    extra: Record<string, unknown> = {},
  ): void => {
    const n = events.length;
    events.push({
      eventId: `${dossierId}:${n}`,
      dossierId,
      type,
      occurredAt: instant(BASE_DAY + day, minute, plan.utc),
      unitCode,
      ...(plan.withSeq ? { seq: n } : {}),
      ...extra,
    } as DossierEventV1);
  };
  const dueAt = (offset: number, minute: number): string =>
    instant(BASE_DAY + plan.receiptDay + offset, minute, plan.utc);
  const receipt = {
    channel: plan.channel,
    procedureCode: plan.procedure,
    fieldCode: plan.field,
    dueAt: plan.due === null ? null : dueAt(plan.due, 1020),
    ...(plan.serviceLevel === null ? {} : { serviceLevel: plan.serviceLevel }),
    ...(plan.feeBearing === null ? {} : { feeBearing: plan.feeBearing }),
  };
  if (!plan.dropReceipt) push('DossierReceived', plan.receiptDay, plan.receiptMinute, receipt);
  let day = plan.receiptDay;
  for (let round = 0; round < plan.supplementRounds; round++) {
    push('SupplementRequested', (day += plan.burst ? 0 : 1), plan.receiptMinute);
    push('SupplementReceived', (day += plan.burst ? 0 : 1), plan.receiptMinute);
  }
  for (const step of plan.steps) {
    day += plan.burst ? 0 : step.gap;
    const minute = plan.burst ? plan.receiptMinute : step.minute;
    const later = (plan.due ?? 0) + step.arg;
    switch (step.kind) {
      case 'SupplementReceived':
        push(step.kind, day, minute, step.arg > 0 ? { newDueAt: dueAt(later, 1020) } : {});
        break;
      case 'PaymentCompleted':
        push(step.kind, day, minute, { online: step.arg % 2 === 0 });
        break;
      case 'DossierTransferred':
        unitCode = TEST_UNITS[Math.abs(step.arg) % TEST_UNITS.length];
        push(step.kind, day, minute, { toUnitCode: unitCode });
        break;
      case 'DueDateChanged':
        push(step.kind, day, minute, { newDueAt: dueAt(later, 600), cause: 'extension' });
        break;
      case 'ApologyIssued':
        push(step.kind, day, minute, step.arg > 0 ? { newDueAt: dueAt(later, 1020) } : {});
        break;
      case 'DossierResolved':
        push(step.kind, day, minute, step.arg % 3 === 0 ? { electronicResult: step.arg > 3 } : {});
        break;
      case 'ResultReturned':
        push(step.kind, day, minute, { deliveredVia: DELIVERY_METHODS[Math.abs(step.arg) % DELIVERY_METHODS.length] });
        break;
      case 'SatisfactionRated':
        push(step.kind, day, minute, { score: 1 + (Math.abs(step.arg) % 9) / 2 });
        break;
      case 'DossierReceived':
        // A re-sent or conflicting receipt.
        push(
          step.kind,
          step.arg > 6 ? plan.receiptDay : day,
          minute,
          step.arg > 9 ? { ...receipt, channel: 'direct' } : receipt,
        );
        break;
      default:
        push(step.kind, day, minute);
    }
  }
  return events;
}

/** A set of random dossiers (their events, by dossier). */
export const dossierSetArb: fc.Arbitrary<DossierEventV1[][]> = fc
  .array(dossierPlanArb, { minLength: 1, maxLength: 25 })
  .map((plans) => plans.map((plan, i) => planEvents(`d${i}`, plan)));

export const rulesArb: fc.Arbitrary<CountingRules> = fc.record({
  finishOn: fc.constantFrom('processingFinished', 'resultReturned'),
  owner: fc.constantFrom('receivingUnit', 'resolvingUnit'),
  foldReturnedIntoOnTime: fc.boolean(),
});

export interface Window {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** Windows around the random timelines (days −5 … 80 from BASE_DAY). */
export const windowArb: fc.Arbitrary<Window> = fc
  .record({ start: fc.integer({ min: -5, max: 75 }), length: fc.integer({ min: 0, max: 45 }) })
  .map(({ start, length }) => ({
    from: fromDayNumber(BASE_DAY + start),
    to: fromDayNumber(BASE_DAY + start + length),
  }));

/** A permutation of `items` driven by fast-check (shrinkable). */
export function shuffledArb<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}
