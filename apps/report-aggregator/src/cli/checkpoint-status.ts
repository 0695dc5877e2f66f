import { generationNames, GenerationRepository } from '@dossier-ledger/aggregation';
import { TOPICS } from '@dossier-ledger/contracts';
import { PartitionCheckpointStore, TopicNames, type StatusLines } from '@dossier-ledger/platform';

/**
 * The aggregator's part of `status`, read from the store and the broker (no replica needs to
 * answer): the active generation, and per partition of the events topic the offset its checkpoint
 * covers, how many records the log holds beyond it, and when it was written. A partition far
 * behind with an old checkpoint is one no replica is applying.
 */
export const aggregatorStatusLines: StatusLines = async ({ db, kafka, topicPrefix }, now = new Date()) => {
  const generation = await new GenerationRepository(db).read();
  const previous = generation.previous !== undefined ? ` (previous ${generation.previous})` : '';
  const switched = generation.switchedAt ? `, switched ${generation.switchedAt.toISOString()}` : '';
  const names = generationNames(generation.generation, '');
  const topic = new TopicNames(topicPrefix).of(TOPICS.dossierEvents);
  const store = new PartitionCheckpointStore(db, {
    manifestCollection: names.manifestCollection,
    chunkCollection: names.chunkCollection,
  });
  const ends = await kafka.fetchTopicOffsets(topic).catch(() => []);
  const lines = [
    `Aggregator generation: ${generation.generation}${previous}${switched}`,
    `Checkpoints of ${topic} (${names.manifestCollection}):`,
  ];
  if (ends.length === 0) lines.push('  the topic does not exist yet');
  for (const { partition, high } of [...ends].sort((a, b) => a.partition - b.partition)) {
    const manifest = await store.readManifest(topic, partition);
    const behind = BigInt(high) - BigInt(manifest?.offset ?? '0');
    const written = manifest
      ? `, written ${manifest.updatedAt.toISOString()} (${Math.round((now.getTime() - manifest.updatedAt.getTime()) / 1000)} s ago)`
      : '';
    lines.push(
      `  p${partition}  ${manifest ? `at offset ${manifest.offset}` : 'no checkpoint'} of ${high}, ${behind} behind${written}`,
    );
  }
  return lines;
};
