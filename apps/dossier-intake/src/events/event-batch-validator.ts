import { Injectable } from '@nestjs/common';
import { validateDossierEventV1 } from '@dossier-ledger/contracts';
import { localDateOf } from '@dossier-ledger/calendar';
import { UnitScopeChecker, type Principal } from '@dossier-ledger/platform';
import type { IndexedEvent } from '../store/event-ingestion.service';

/** One refused item: its first violation. */
export interface ItemError {
  index: number;
  eventId: string | null;
  field: string;
  rule: string;
  message: string;
}

export interface OutOfScopeItem {
  index: number;
  eventId: string;
  unitCode: string;
}

/** Canonical validation and unit-scope checks for a batch of raw items. */
@Injectable()
export class EventBatchValidator {
  constructor(private readonly scope: UnitScopeChecker) {}

  validate(items: readonly unknown[]): { valid: IndexedEvent[]; invalid: ItemError[] } {
    const valid: IndexedEvent[] = [];
    const invalid: ItemError[] = [];
    items.forEach((raw, index) => {
      const result = validateDossierEventV1(raw);
      if (result.ok) valid.push({ index, event: result.event });
      else invalid.push({ index, eventId: eventIdOf(raw), ...result.violations[0] });
    });
    return { valid, invalid };
  }

  /** Splits valid events by the key's scope; a unit the registry does not know is an item error. */
  checkScope(
    principal: Principal,
    events: IndexedEvent[],
  ): { inScope: IndexedEvent[]; outOfScope: OutOfScopeItem[]; unknown: ItemError[] } {
    const inScope: IndexedEvent[] = [];
    const outOfScope: OutOfScopeItem[] = [];
    const unknown: ItemError[] = [];
    for (const item of events) {
      const { eventId, unitCode, occurredAt } = item.event;
      const onDate = localDateOf(occurredAt);
      const decision = this.scope.check(principal.scope, unitCode, onDate);
      if (decision.kind === 'in') inScope.push(item);
      else if (decision.kind === 'out') outOfScope.push({ index: item.index, eventId, unitCode });
      else
        unknown.push({
          index: item.index,
          eventId,
          field: 'unitCode',
          rule: 'knownUnit',
          message: `unitCode ${unitCode} is neither a unit on ${onDate} nor a registered agency code`,
        });
    }
    return { inScope, outOfScope, unknown };
  }
}

function eventIdOf(raw: unknown): string | null {
  const eventId = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? eventId : null;
}

/** "Unit 01001 is outside the key's scope": names each unit once. */
export function outOfScopeMessage(principal: Principal, items: OutOfScopeItem[]): string {
  const units = [...new Set(items.map((i) => i.unitCode))];
  const shown = units.slice(0, 10).join(', ') + (units.length > 10 ? ` and ${units.length - 10} more` : '');
  return `Unit${units.length > 1 ? 's' : ''} ${shown} ${units.length > 1 ? 'are' : 'is'} outside the scope of key ${principal.keyId} (source ${principal.source}, scope ${principal.scope.join(', ')}); nothing was stored`;
}
