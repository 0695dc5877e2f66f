import { TOPICS } from '@dossier-ledger/contracts';
import { parseManifests } from './manifests';
import { topicsTool } from './tools';

const { GENERATED, generatedFiles, loadTopics } = topicsTool;
import { readRepoFile } from './workspace';

/* eslint-disable @typescript-eslint/no-explicit-any -- operator CRs have no models here */

describe('generated topic files', () => {
  it.each(Object.entries(generatedFiles(TOPICS)))(
    '%s matches TOPICS (else run `node tools/deploy/topics.cjs`)',
    (file, content) => {
      expect(readRepoFile(file)).toBe(content);
    },
  );

  it('reads TOPICS from the TypeScript source the same way outside jest', () => {
    expect(loadTopics()).toEqual(JSON.parse(JSON.stringify(TOPICS)));
  });
});

describe('k8s/overlays/production/docs (operator examples)', () => {
  const strimzi = parseManifests(readRepoFile('k8s/overlays/production/docs/strimzi-kafka.yaml')) as any[];
  const topics = parseManifests(readRepoFile(GENERATED.strimziTopics)) as any[];
  const mongo = parseManifests(readRepoFile('k8s/overlays/production/docs/mongodb-community.yaml')) as any[];

  it('has a KRaft Strimzi Kafka with a node pool that belongs to it', () => {
    const kafka = strimzi.find((d) => d.kind === 'Kafka');
    const pool = strimzi.find((d) => d.kind === 'KafkaNodePool');
    expect(kafka.apiVersion).toBe('kafka.strimzi.io/v1beta2');
    expect(kafka.metadata.annotations).toMatchObject({
      'strimzi.io/node-pools': 'enabled',
      'strimzi.io/kraft': 'enabled',
    });
    expect(pool.metadata.labels['strimzi.io/cluster']).toBe(kafka.metadata.name);
    expect(pool.spec.roles.sort()).toEqual(['broker', 'controller']);
    expect(kafka.spec.kafka.config['auto.create.topics.enable']).toBe(false);
    expect(kafka.spec.kafka.config['min.insync.replicas']).toBeLessThan(pool.spec.replicas);
  });

  it('has a KafkaTopic per topic, with its partitions, for that cluster', () => {
    const kafka = strimzi.find((d) => d.kind === 'Kafka');
    expect(topics.map((t) => [t.spec.topicName, t.spec.partitions])).toEqual(
      Object.values(TOPICS).map((t) => [t.name, t.partitions]),
    );
    for (const topic of topics) expect(topic.metadata.labels['strimzi.io/cluster']).toBe(kafka.metadata.name);
  });

  it('has a MongoDB 7 replica set with a readWrite user on the app database', () => {
    const [community] = mongo;
    expect(community).toMatchObject({
      apiVersion: 'mongodbcommunity.mongodb.com/v1',
      kind: 'MongoDBCommunity',
      spec: { type: 'ReplicaSet' },
    });
    expect(community.spec.version).toMatch(/^7\./);
    expect(community.spec.members).toBeGreaterThanOrEqual(3);
    expect(community.spec.users[0].roles).toContainEqual({ name: 'readWrite', db: 'dossier-ledger' });
    expect(community.spec.users[0].passwordSecretRef.name).toBeTruthy();
  });
});
