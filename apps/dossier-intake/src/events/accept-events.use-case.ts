import { Injectable } from '@nestjs/common';
import { ApiError, type Principal } from '@dossier-ledger/platform';
import { IntakeMetrics } from '../metrics/intake.metrics';
import { EventIngestionService, type IngestResult } from '../store/event-ingestion.service';
import { EventBatchValidator, outOfScopeMessage, type ItemError } from './event-batch-validator';

export interface RejectedItem {
  index: number;
  eventId: string | null;
  reason: string;
}

/** Accepting canonical events from a source: HTTP batches (all or nothing), Kafka records and imports (each on its own). */
@Injectable()
export class AcceptEventsUseCase {
  constructor(
    private readonly validator: EventBatchValidator,
    private readonly ingestion: EventIngestionService,
    private readonly metrics: IntakeMetrics,
  ) {}

  /** Nothing is written unless every item is valid (else 422) and in the key's scope (else 403). */
  async acceptAll(
    principal: Principal,
    items: readonly unknown[],
    requestId: string,
    receivedAt = new Date(),
  ): Promise<IngestResult> {
    const { valid, invalid } = this.validator.validate(items);
    const { inScope, outOfScope, unknown } = this.validator.checkScope(principal, valid);
    if (invalid.length > 0 || unknown.length > 0 || outOfScope.length > 0) {
      this.metrics.countRejected({
        invalid: invalid.length,
        unknown_unit: unknown.length,
        out_of_scope: outOfScope.length,
        batch_refused: inScope.length,
      });
    }
    if (invalid.length > 0 || unknown.length > 0) throw invalidItems([...invalid, ...unknown], items.length);
    if (outOfScope.length > 0) throw new ApiError(403, outOfScopeMessage(principal, outOfScope), outOfScope);
    return this.counted(
      await this.ingestion.ingest({ source: principal.source, requestId, receivedAt, events: inScope }),
    );
  }

  /** Stores the good items and returns the refused ones with their reason (conflicts included). */
  async acceptEach(
    principal: Principal,
    items: readonly unknown[],
    requestId: string,
    receivedAt = new Date(),
  ): Promise<{ result: IngestResult; rejected: RejectedItem[] }> {
    const { valid, invalid } = this.validator.validate(items);
    const { inScope, outOfScope, unknown } = this.validator.checkScope(principal, valid);
    const rejected: RejectedItem[] = [
      ...[...invalid, ...unknown].map((e) => ({
        index: e.index,
        eventId: e.eventId,
        reason: `${e.field}: ${e.message} (${e.rule})`,
      })),
      ...outOfScope.map((e) => ({
        index: e.index,
        eventId: e.eventId,
        reason: `unit ${e.unitCode} is outside the scope of source ${principal.source}`,
      })),
    ];
    this.metrics.countRejected({
      invalid: invalid.length,
      unknown_unit: unknown.length,
      out_of_scope: outOfScope.length,
    });
    const result =
      inScope.length > 0
        ? this.counted(
            await this.ingestion.ingest({ source: principal.source, requestId, receivedAt, events: inScope }),
          )
        : { accepted: 0, duplicates: 0, conflicts: [] };
    for (const conflict of result.conflicts) {
      rejected.push({
        index: conflict.index,
        eventId: conflict.eventId,
        reason: 'conflict: an event with this eventId and different content was stored before',
      });
    }
    return { result, rejected: rejected.sort((a, b) => a.index - b.index) };
  }

  private counted(result: IngestResult): IngestResult {
    this.metrics.countAccepted(result.accepted, result.duplicates - result.conflicts.length);
    this.metrics.countRejected({ conflict: result.conflicts.length });
    return result;
  }
}

function invalidItems(errors: ItemError[], total: number): ApiError {
  const sorted = [...errors].sort((a, b) => a.index - b.index);
  return new ApiError(422, `${sorted.length} of ${total} events are invalid; nothing was stored`, sorted);
}
