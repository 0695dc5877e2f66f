import { KAFKA_HEADERS, type DossierEventV1 } from '@dossier-ledger/contracts';
import type { KafkaBatchMessage } from '@dossier-ledger/platform';

/** A record of the events topic: `{source, receivedAt, event}`, keyed by dossierId. */
export interface DossierEventRecord {
  source: string;
  receivedAt: string | null;
  event: DossierEventV1;
}

const REQUIRED = ['eventId', 'dossierId', 'type', 'occurredAt', 'unitCode'] as const;

function header(message: KafkaBatchMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * Decodes a record; null when it is not one (intake validated the events, so this only guards
 * against foreign writers). The source is the envelope's, else the `source` header.
 */
export function decodeDossierEventRecord(message: KafkaBatchMessage): DossierEventRecord | null {
  if (!message.value) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const envelope = parsed as { source?: unknown; receivedAt?: unknown; event?: unknown };
  const event = envelope.event as Record<string, unknown> | undefined;
  if (typeof event !== 'object' || event === null || REQUIRED.some((field) => typeof event[field] !== 'string'))
    return null;
  const source = typeof envelope.source === 'string' ? envelope.source : header(message, KAFKA_HEADERS.source);
  if (!source) return null;
  return {
    source,
    receivedAt: typeof envelope.receivedAt === 'string' ? envelope.receivedAt : null,
    event: event as unknown as DossierEventV1,
  };
}

/** Encodes a record the way intake writes it (tests, benchmarks, tools). */
export function encodeDossierEventRecord(record: DossierEventRecord): {
  key: string;
  value: string;
  headers: Record<string, string>;
} {
  return {
    key: record.event.dossierId,
    value: JSON.stringify({ source: record.source, receivedAt: record.receivedAt, event: record.event }),
    headers: { [KAFKA_HEADERS.source]: record.source },
  };
}
