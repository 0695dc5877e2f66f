import * as ts from 'typescript';
import { dirname, join } from 'node:path';

/**
 * Unknown-field check. kubernetes-models' validate() checks required fields and types but lets
 * unknown keys through (its schemas allow additional properties), while the API server rejects
 * them (kubectl's default strict field validation): a typo such as `readinesProbe` would pass
 * validate() and silently drop the probe. This walks each object against the package's own
 * TypeScript declarations (the same API schema, as types) with the TypeScript compiler, so every
 * key must be a declared field of its type.
 */
const KINDS: Record<string, string> = {
  'apps/v1/Deployment': 'apps/v1/Deployment',
  'autoscaling/v2/HorizontalPodAutoscaler': 'autoscaling/v2/HorizontalPodAutoscaler',
  'batch/v1/Job': 'batch/v1/Job',
  'networking.k8s.io/v1/Ingress': 'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'networking.k8s.io/v1/NetworkPolicy',
  'policy/v1/PodDisruptionBudget': 'policy/v1/PodDisruptionBudget',
  'v1/ConfigMap': 'v1/ConfigMap',
  'v1/Namespace': 'v1/Namespace',
  'v1/Secret': 'v1/Secret',
  'v1/Service': 'v1/Service',
};

interface Compiled {
  checker: ts.TypeChecker;
  types: Map<string, ts.Type>;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled) return compiled;
  const entries = Object.entries(KINDS);
  const virtualFile = join(dirname(require.resolve('kubernetes-models/package.json')), '__deploy_checks_kinds__.ts');
  const source = [
    ...entries.map(
      ([, path], i) => `import type { I${path.split('/').pop()} as T${i} } from 'kubernetes-models/${path}';`,
    ),
    ...entries.map((_, i) => `export declare const k${i}: T${i};`),
  ].join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === virtualFile
      ? ts.createSourceFile(fileName, source, languageVersion)
      : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === virtualFile || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [virtualFile], options, host });
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0)
    throw new Error(
      `strict-fields: cannot load kubernetes-models types: ${ts.flattenDiagnosticMessageText(errors[0].messageText, '\n')}`,
    );
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(virtualFile) as ts.SourceFile;
  const types = new Map<string, ts.Type>();
  const declarations = file.statements.filter(ts.isVariableStatement);
  entries.forEach(([key], i) =>
    types.set(key, checker.getTypeAtLocation(declarations[i].declarationList.declarations[0].name)),
  );
  compiled = { checker, types };
  return compiled;
}

function objectMembers(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  const nonNull = checker.getNonNullableType(type);
  const members = nonNull.isUnion() ? nonNull.types : [nonNull];
  return members.filter((t) => (t.flags & ts.TypeFlags.Object) !== 0);
}

function walk(checker: ts.TypeChecker, value: unknown, type: ts.Type, path: string, problems: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const candidates = objectMembers(checker, type);
  if (Array.isArray(value)) {
    const array = candidates.find((t) => checker.isArrayType(t));
    const element = array ? checker.getTypeArguments(array as ts.TypeReference)[0] : undefined;
    if (element) value.forEach((item, i) => walk(checker, item, element, `${path}[${i}]`, problems));
    return;
  }
  const objects = candidates.filter((t) => !checker.isArrayType(t));
  if (objects.length === 0) return;
  const indexType = objects.map((t) => checker.getIndexTypeOfType(t, ts.IndexKind.String)).find(Boolean);
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const owner = objects.find((t) => t.getProperty(key));
    const property = owner?.getProperty(key);
    if (property) walk(checker, child, checker.getTypeOfSymbol(property), `${path}.${key}`, problems);
    else if (indexType) walk(checker, child, indexType, `${path}.${key}`, problems);
    else problems.push(`${path}.${key}: unknown field`);
  }
}

/** Keys that are not fields of the object's Kubernetes type (empty when every key is known). */
export function unknownFields(obj: { apiVersion: string; kind: string; metadata?: { name?: string } }): string[] {
  const { checker, types } = compile();
  const type = types.get(`${obj.apiVersion}/${obj.kind}`);
  if (!type) return [`${obj.kind}/${obj.metadata?.name}: no type for ${obj.apiVersion} ${obj.kind}`];
  const problems: string[] = [];
  walk(checker, obj, type, `${obj.kind}/${obj.metadata?.name}`, problems);
  return problems;
}
