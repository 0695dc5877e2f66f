import { Injectable, Logger } from '@nestjs/common';
import type { KafkaBatch, PartitionOffset } from '@dossier-ledger/platform';
import type { PublishedDossierEvent } from '../publishing/dossier-event.publisher';
import { DossierLogRepository, dossierLogChunkId, type DossierLogChunk } from './dossier-log.repository';

/** A batch this big flushes at once rather than waiting for the next tick. */
export const MAX_BUFFERED_EVENTS = 50_000;
const MAX_KNOWN_DOSSIERS = 500_000;

/**
 * Keeps the per-dossier log (DossierLogRepository) from the dossier events topic. Records are
 * buffered per dossier and flushed on the consumer's tick (about every DOSSIER_LOG_FLUSH_MS): one
 * chunk per touched dossier, then the offsets are handed back for the commit. The next chunk index
 * per dossier is kept in memory; an unknown dossier is tried at 0 and probed only when that is taken
 * (after a restart or a rebalance). A crash before the commit re-reads records: reads dedupe them.
 * The batch server never runs batches and ticks at once, so nothing here overlaps.
 */
@Injectable()
export class DossierLogWriter {
  private readonly logger = new Logger(DossierLogWriter.name);
  private buffer = new Map<string, PublishedDossierEvent[]>();
  private buffered = 0;
  /** Next offset to commit per partition, once the buffer is written. */
  private offsets = new Map<number, string>();
  private readonly nextIndex = new Map<string, number>();

  constructor(private readonly log: DossierLogRepository) {}

  /** Buffers a batch; true when the buffer is big enough to flush now. */
  add(batch: KafkaBatch): boolean {
    for (const message of batch.messages) {
      try {
        const record = JSON.parse(message.value?.toString() ?? '') as PublishedDossierEvent;
        const dossierId = record.event.dossierId;
        const list = this.buffer.get(dossierId);
        if (list) list.push(record);
        else this.buffer.set(dossierId, [record]);
        this.buffered++;
      } catch {
        this.logger.error(`skipping an unreadable record at ${batch.topic}/${batch.partition}@${message.offset}`);
      }
    }
    const last = batch.messages.at(-1);
    if (last) this.offsets.set(batch.partition, (BigInt(last.offset) + 1n).toString());
    return this.buffered >= MAX_BUFFERED_EVENTS;
  }

  /**
   * Writes the buffered records and answers the offsets now safe to commit. A failed write keeps
   * everything buffered (answered: nothing to commit) and is tried again on the next flush.
   */
  async flush(): Promise<PartitionOffset[]> {
    if (this.buffer.size === 0 && this.offsets.size === 0) return [];
    try {
      await this.writeChunks(this.buffer);
    } catch (error) {
      this.logger.error(`dossier log flush failed, will retry: ${(error as Error).message}`);
      return [];
    }
    const offsets = [...this.offsets].map(([partition, offset]) => ({ partition, offset }));
    this.buffer = new Map();
    this.buffered = 0;
    this.offsets = new Map();
    return offsets;
  }

  private async writeChunks(buffer: Map<string, PublishedDossierEvent[]>): Promise<void> {
    let pending = [...buffer.entries()];
    const writtenAt = new Date();
    while (pending.length > 0) {
      const chunks: DossierLogChunk[] = pending.map(([dossierId, events]) => {
        const k = this.nextIndex.get(dossierId) ?? 0;
        return { _id: dossierLogChunkId(dossierId, k), dossierId, k, recordsJson: JSON.stringify(events), writtenAt };
      });
      const taken = await this.log.insertChunks(chunks);
      if (this.nextIndex.size > MAX_KNOWN_DOSSIERS) this.nextIndex.clear();
      const retry: [string, PublishedDossierEvent[]][] = [];
      for (let i = 0; i < chunks.length; i++) {
        const { dossierId, k } = chunks[i];
        if (taken.has(i)) {
          this.nextIndex.set(dossierId, await this.log.nextFreeIndex(dossierId, k + 1));
          retry.push(pending[i]);
        } else {
          this.nextIndex.set(dossierId, k + 1);
        }
      }
      // Written chunks leave the buffer at once: a later failure must not write them twice.
      for (let i = 0; i < chunks.length; i++) if (!taken.has(i)) buffer.delete(chunks[i].dossierId);
      pending = retry;
    }
  }
}
