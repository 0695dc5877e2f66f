import { createRequire } from 'node:module';
import { repoPath } from './workspace';

/**
 * The plain-Node helpers in tools/deploy (also used from the command line), loaded by path: they
 * are not an Nx project, so they are not imported like one.
 */
const load = createRequire(__filename);

export interface TopicSpecLike {
  name: string;
  partitions: number;
  config: Record<string, string>;
}

export interface KustomizeTool {
  KUSTOMIZE_VERSION: string;
  /** Path of kustomize v5, built with `go install` into .local/bin when missing. */
  ensureKustomize(options?: { log?: (line: string) => void }): string;
  /** `kustomize build dir` (dir relative to the repository root, or absolute) as YAML text. */
  kustomizeBuild(dir: string, options?: { bin?: string }): string;
}

export interface TopicsTool {
  GENERATED: { k8sTopics: string; strimziTopics: string };
  renderTopicsFile(topics: Record<string, TopicSpecLike>): string;
  renderStrimziTopics(topics: Record<string, TopicSpecLike>): string;
  loadTopics(): Record<string, TopicSpecLike>;
  generatedFiles(topics: Record<string, TopicSpecLike>): Record<string, string>;
}

export const kustomizeTool = load(repoPath('tools/deploy/kustomize.cjs')) as KustomizeTool;
export const topicsTool = load(repoPath('tools/deploy/topics.cjs')) as TopicsTool;
