import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@dossier-ledger/platform';
import type { Counter } from 'prom-client';

/** Why intake refused an event (the `reason` label). */
export type IntakeRejection = 'invalid' | 'unknown_unit' | 'out_of_scope' | 'conflict' | 'batch_refused';

/** Events counted where intake decides (AcceptEventsUseCase): every HTTP batch, Kafka record and import. */
@Injectable()
export class IntakeMetrics {
  private readonly accepted: Counter<'outcome'>;
  private readonly rejected: Counter<'reason'>;

  constructor(metrics: MetricsRegistry) {
    this.accepted = metrics.counter({
      name: 'intake_events_accepted_total',
      help: 'Events intake acknowledged: outcome "stored" (new) or "duplicate" (source + eventId seen before, changes nothing)',
      labelNames: ['outcome'] as const,
    });
    this.rejected = metrics.counter({
      name: 'intake_events_rejected_total',
      help: 'Events intake refused, by reason (batch_refused: a valid event of an all-or-nothing batch refused for another item)',
      labelNames: ['reason'] as const,
    });
  }

  countAccepted(stored: number, duplicates: number): void {
    if (stored > 0) this.accepted.inc({ outcome: 'stored' }, stored);
    if (duplicates > 0) this.accepted.inc({ outcome: 'duplicate' }, duplicates);
  }

  countRejected(counts: Partial<Record<IntakeRejection, number>>): void {
    for (const [reason, count] of Object.entries(counts)) if (count && count > 0) this.rejected.inc({ reason }, count);
  }
}
