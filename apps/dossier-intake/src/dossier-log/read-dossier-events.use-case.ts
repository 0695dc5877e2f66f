import { Injectable } from '@nestjs/common';
import { localDateOf } from '@dossier-ledger/calendar';
import { ApiError, UnitScopeChecker, type Principal } from '@dossier-ledger/platform';
import type { PublishedDossierEvent } from '../publishing/dossier-event.publisher';
import { DossierLogRepository } from './dossier-log.repository';

/**
 * A dossier's events for audit and support: read from the dossier log by `_id`, deduplicated by
 * source + eventId, in occurredAt order (then seq, then arrival). Allowed when one of the dossier's
 * units (a transferred dossier has several) is in the key's scope.
 */
@Injectable()
export class ReadDossierEventsUseCase {
  constructor(
    private readonly log: DossierLogRepository,
    private readonly scope: UnitScopeChecker,
  ) {}

  async execute(
    principal: Principal,
    dossierId: string,
  ): Promise<{ dossierId: string; events: PublishedDossierEvent[] }> {
    const records = dedupe(await this.log.readAll(dossierId));
    if (records.length === 0)
      throw new ApiError(
        404,
        `No events are known for dossier ${dossierId} (events appear here about a second after they are accepted)`,
      );
    const visible = records.some(
      ({ event }) => this.scope.check(principal.scope, event.unitCode, localDateOf(event.occurredAt)).kind === 'in',
    );
    if (!visible) {
      const units = [...new Set(records.map((r) => r.event.unitCode))].join(', ');
      throw new ApiError(
        403,
        `Dossier ${dossierId} belongs to unit ${units}, outside the scope of key ${principal.keyId} (${principal.scope.join(', ')})`,
      );
    }
    return { dossierId, events: records.sort(compareRecords) };
  }
}

function dedupe(records: PublishedDossierEvent[]): PublishedDossierEvent[] {
  const seen = new Map<string, PublishedDossierEvent>();
  for (const record of records) {
    const key = `${record.source}\u0000${record.event.eventId}`;
    if (!seen.has(key)) seen.set(key, record);
  }
  return [...seen.values()];
}

function compareRecords(a: PublishedDossierEvent, b: PublishedDossierEvent): number {
  return (
    Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt) ||
    (a.event.seq ?? 0) - (b.event.seq ?? 0) ||
    a.receivedAt.localeCompare(b.receivedAt)
  );
}
