import { canonicalEventJson } from '@dossier-ledger/contracts';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import type { AnomalyCode } from './anomalies';
import { localDayOfEpochMs, parseInstant } from './instant';

/** An event with its sort keys and local day computed once. */
export interface OrderedEvent {
  readonly event: DossierEventV1;
  /** The instant the fold uses: occurredAt, moved forward when the source's seq says it came later. */
  readonly instant: number;
  readonly seq: number;
  readonly day: number;
}

/** Events that may legitimately be dated before the event their source sequenced first (see orderEvents). */
function mayPrecedeItsPredecessor(event: DossierEventV1): boolean {
  return event.type === 'DossierDigitized' || (event.type === 'PaymentCompleted' && event.online);
}

function byInstantSeqId(a: OrderedEvent, b: OrderedEvent): number {
  if (a.instant !== b.instant) return a.instant - b.instant;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1; // Infinity - Infinity would be NaN
  const x = a.event.eventId;
  const y = b.event.eventId;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Of two versions of one eventId, the one kept whatever the arrival order: the smaller canonical JSON. */
function preferred(seen: DossierEventV1, event: DossierEventV1, anomalies: Set<AnomalyCode>): DossierEventV1 {
  if (seen === event) return seen;
  const a = canonicalEventJson(seen);
  const b = canonicalEventJson(event);
  if (a === b) return seen;
  anomalies.add('conflictingDuplicate');
  return b < a ? event : seen;
}

/** Dedupes by eventId; a linear scan for the usual short histories, a map for long ones. */
function dedupe(events: readonly DossierEventV1[], anomalies: Set<AnomalyCode>): DossierEventV1[] {
  if (events.length > 24) {
    const byId = new Map<string, DossierEventV1>();
    for (const event of events) {
      const seen = byId.get(event.eventId);
      byId.set(event.eventId, seen === undefined ? event : preferred(seen, event, anomalies));
    }
    return [...byId.values()];
  }
  const kept: DossierEventV1[] = [];
  next: for (const event of events) {
    for (let k = 0; k < kept.length; k++) {
      if (kept[k].eventId === event.eventId) {
        kept[k] = preferred(kept[k], event, anomalies);
        continue next;
      }
    }
    kept.push(event);
  }
  return kept;
}

interface Parsed {
  readonly event: DossierEventV1;
  readonly instant: number;
  readonly source: string;
}

/**
 * A source's own order wins over its clock: each source's sequenced events, taken in seq order,
 * never happen before their predecessor. An event stamped earlier than its predecessor (clock skew)
 * is taken at the predecessor's instant and flagged `clockSkew`, so a resolution stamped a minute
 * before its receipt still resolves the dossier. Digitisation and online payment may be dated before
 * the receipt (done while submitting online): they move too, but are not flagged.
 */
function sequencedInstants(parsed: readonly Parsed[], anomalies: Set<AnomalyCode>): Map<Parsed, number> | null {
  // Usually one source: one list, no map (this runs on every fold of the aggregator's hot path).
  let first: Parsed[] | null = null;
  let firstSource = '';
  let others: Map<string, Parsed[]> | null = null;
  for (const p of parsed) {
    if (p.event.seq === undefined) continue;
    if (first === null) {
      first = [p];
      firstSource = p.source;
    } else if (p.source === firstSource) {
      first.push(p);
    } else {
      others ??= new Map();
      const list = others.get(p.source);
      if (list === undefined) others.set(p.source, [p]);
      else list.push(p);
    }
  }
  if (first === null) return null;
  let moved: Map<Parsed, number> | null = null;
  for (const list of others === null ? [first] : [first, ...others.values()]) {
    if (!inSeqOrder(list))
      list.sort((a, b) => (a.event.seq as number) - (b.event.seq as number) || a.instant - b.instant);
    let floor = -Infinity;
    for (const p of list) {
      if (p.instant < floor) {
        (moved ??= new Map()).set(p, floor);
        if (!mayPrecedeItsPredecessor(p.event)) anomalies.add('clockSkew');
      } else {
        floor = p.instant;
      }
    }
  }
  return moved;
}

function inSeqOrder(list: readonly Parsed[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1];
    const b = list[i];
    const d = (a.event.seq as number) - (b.event.seq as number);
    if (d > 0 || (d === 0 && a.instant > b.instant)) return false;
  }
  return true;
}

/**
 * Dedupes by eventId (a conflicting re-send keeps the version with the smallest canonical JSON, so the
 * choice does not depend on arrival order), drops unreadable instants, applies each source's seq order
 * (see sequencedInstants), then sorts by (instant, seq ?? ∞, eventId): occurredAt orders events
 * without seq and events of different sources. `sourceOf` names the source of an event; without it,
 * every event is taken as coming from one source.
 */
export function orderEvents(
  events: readonly DossierEventV1[],
  anomalies: Set<AnomalyCode>,
  sourceOf: (event: DossierEventV1) => string = () => '',
): OrderedEvent[] {
  const parsed: Parsed[] = [];
  for (const event of dedupe(events, anomalies)) {
    const instant = parseInstant(event.occurredAt);
    if (Number.isNaN(instant)) {
      anomalies.add('invalidTimestamp');
      continue;
    }
    parsed.push({ event, instant, source: sourceOf(event) });
  }
  const moved = sequencedInstants(parsed, anomalies);
  const ordered = parsed.map((p): OrderedEvent => {
    const instant = moved?.get(p) ?? p.instant;
    return { event: p.event, instant, seq: p.event.seq ?? Infinity, day: localDayOfEpochMs(instant) };
  });
  return ordered.sort(byInstantSeqId);
}
