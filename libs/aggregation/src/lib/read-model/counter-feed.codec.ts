import type { CounterStoreChunk } from '@dossier-ledger/reporting';

/**
 * A record of the compacted counters topic: the absolute value of one counter chunk of one events
 * partition, and the events-topic offset it covers (every record below `offset` is counted in it).
 */
export interface CounterFeedEntry {
  /** Partition of the events topic. */
  partition: number;
  offset: bigint;
  chunkKey: string;
  chunk: CounterStoreChunk;
}

interface CounterFeedJson {
  v: 1;
  partition: number;
  offset: string;
  chunkKey: string;
  chunk: CounterStoreChunk;
}

/** Compaction keeps the last record per key: one per (events partition, chunk). */
export function counterFeedKey(partition: number, chunkKey: string): string {
  return `${partition}|${chunkKey}`;
}

export function encodeCounterFeedEntry(entry: CounterFeedEntry): { key: string; value: string } {
  const json: CounterFeedJson = {
    v: 1,
    partition: entry.partition,
    offset: String(entry.offset),
    chunkKey: entry.chunkKey,
    chunk: entry.chunk,
  };
  return { key: counterFeedKey(entry.partition, entry.chunkKey), value: JSON.stringify(json) };
}

export function decodeCounterFeedEntry(value: Buffer | null): CounterFeedEntry | null {
  if (!value) return null;
  try {
    const json = JSON.parse(value.toString('utf8')) as CounterFeedJson;
    if (
      json.v !== 1 ||
      !Number.isInteger(json.partition) ||
      typeof json.chunkKey !== 'string' ||
      typeof json.chunk !== 'object'
    )
      return null;
    return { partition: json.partition, offset: BigInt(json.offset), chunkKey: json.chunkKey, chunk: json.chunk };
  } catch {
    return null;
  }
}
