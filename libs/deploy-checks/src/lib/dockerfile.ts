/**
 * A Dockerfile reader for the checks: instructions with line continuations joined and comments
 * dropped, grouped by stage, with ARG/ENV variables substituted the way the builder does
 * (`$VAR`, `${VAR}`, `${VAR:-default}`). Enough for the files in docker/, not a full BuildKit parser.
 */
export interface Instruction {
  keyword: string;
  /** Text after the keyword, variables substituted. */
  args: string;
  /** Exec form (`["node", "main.js"]`) parsed, else undefined. */
  exec?: string[];
  /** Flags such as `--from=build` or `--interval=15s`, from the start of args. */
  flags: Record<string, string>;
  line: number;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  globalArgs: Record<string, string>;
  stages: Stage[];
}

const CONTINUATION = /\\\s*$/;

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) return; // comments (and parser directives) inside or outside continuations
    if (!current) {
      if (trimmed === '') return;
      current = { text: '', line: index + 1 };
    }
    if (CONTINUATION.test(raw)) {
      current.text += raw.replace(CONTINUATION, ' ');
      return;
    }
    current.text += raw;
    out.push({ text: current.text.trim(), line: current.line });
    current = undefined;
  });
  if (current) out.push({ text: current.text.trim(), line: current.line });
  return out;
}

export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced, fallback, bare) => {
      const name = braced ?? bare;
      const value = vars[name];
      return value !== undefined && value !== '' ? value : (fallback ?? '');
    },
  );
}

function parseFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (;;) {
    const match = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(rest);
    if (!match) break;
    flags[match[1]] = match[2] ?? 'true';
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

function parseExec(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `ARG A=1` / `ENV A=1 B="2"` / legacy `ENV A 1` as name -> value pairs (values substituted). */
export function parseAssignments(keyword: string, args: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (keyword === 'ENV' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [name, ...value] = args.split(/\s+/);
    result[name] = value.join(' ');
    return result;
  }
  const pair = /([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const match of args.matchAll(pair)) {
    const raw = match[2];
    result[match[1]] = raw === undefined ? '' : raw.replace(/^(["'])(.*)\1$/, '$2');
  }
  return result;
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  let vars: Record<string, string> = {};
  for (const { text: lineText, line } of logicalLines(text)) {
    const match = /^([A-Za-z]+)\s*(.*)$/s.exec(lineText);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const rawArgs = match[2].trim();
    const stage = stages[stages.length - 1];
    if (keyword === 'ARG') {
      const declared = parseAssignments('ARG', rawArgs);
      for (const [name, value] of Object.entries(declared)) {
        const hasDefault = rawArgs.includes(`${name}=`);
        if (!stage) globalArgs[name] = substitute(value, globalArgs);
        else vars[name] = hasDefault ? substitute(value, vars) : (vars[name] ?? globalArgs[name] ?? '');
      }
      if (!stage) continue;
    }
    if (keyword === 'FROM') {
      const fromArgs = substitute(rawArgs, globalArgs);
      const { flags, rest } = parseFlags(`${fromArgs} `);
      const [image, as, name] = rest.trim().split(/\s+/);
      vars = {};
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [{ keyword, args: fromArgs, flags, line }],
      });
      continue;
    }
    if (!stage) continue;
    // RUN sees ARG and ENV values as shell variables; exec forms are never substituted.
    const args =
      keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'HEALTHCHECK' ? rawArgs : substitute(rawArgs, vars);
    const { flags, rest } = parseFlags(`${args} `);
    const instruction: Instruction = { keyword, args: rest.trim(), flags, line };
    const exec = parseExec(rest.trim().replace(/^CMD\s+/i, ''));
    if (exec) instruction.exec = exec;
    if (keyword === 'HEALTHCHECK') {
      const cmd = /^CMD\s+(.*)$/is.exec(rest.trim());
      if (cmd) instruction.exec = parseExec(cmd[1].trim()) ?? ['/bin/sh', '-c', cmd[1].trim()];
    }
    if (keyword === 'ENV') Object.assign(vars, parseAssignments('ENV', args));
    stage.instructions.push(instruction);
  }
  return { globalArgs, stages };
}

/** The value of an ENV/ARG variable as the final instructions of a stage see it. */
export function stageVariables(stage: Stage): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const i of stage.instructions) if (i.keyword === 'ENV') Object.assign(vars, parseAssignments('ENV', i.args));
  return vars;
}

export interface DockerfileExpectations {
  app: string;
  port: number;
  healthPath: string;
  /** Content of the script the HEALTHCHECK runs, when it runs a copied file. */
  readFile: (repoRelativePath: string) => string | undefined;
}

const RUNTIME_BASE = /^node:20(\.\d+)*(-alpine[\d.]*|-[a-z]*-?slim|-slim)(@sha256:[0-9a-f]+)?$/;

/** Everything wrong with an app's Dockerfile, as readable sentences (empty when it is fine). */
export function checkDockerfile(text: string, expected: DockerfileExpectations): string[] {
  const problems: string[] = [];
  const { stages } = parseDockerfile(text);
  const { app, port } = expected;
  if (stages.length < 2) problems.push(`needs a multi-stage build (build + runtime), has ${stages.length} stage(s)`);
  const runtime = stages[stages.length - 1];
  if (!runtime) return [...problems, 'has no FROM'];
  const named = new Map(stages.filter((s) => s.name).map((s) => [s.name as string, s]));
  const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
  const runs = (stage: Stage) => all(stage, 'RUN').map((i) => i.args.replace(/["']/g, ''));

  // build stage: the workspace with npm ci and nx build APP
  const build = stages.slice(0, -1).find((s) => runs(s).some((r) => new RegExp(`\\bnx\\s+build\\s+${app}\\b`).test(r)));
  if (!build) problems.push(`no build stage runs \`nx build ${app}\``);
  else if (!runs(build).some((r) => /\bnpm\s+ci\b/.test(r) && !/--omit=dev/.test(r)))
    problems.push('the build stage does not install the workspace with `npm ci`');

  // production dependencies from the generated package.json
  const prodDeps = stages.some(
    (s) => s !== build && runs(s).some((r) => /\bnpm\s+ci\b.*--omit=dev|\bnpm\s+ci\b.*--only=prod/.test(r)),
  );
  if (!prodDeps)
    problems.push(
      'no stage installs production dependencies only (`npm ci --omit=dev` from the generated package.json)',
    );

  // runtime stage
  if (!RUNTIME_BASE.test(runtime.image))
    problems.push(`runtime base is ${runtime.image}, expected node:20-alpine or node:20-*slim`);
  const copies = all(runtime, 'COPY');
  if (copies.some((c) => !c.flags['from'] && /^\.\s+\.$/.test(c.args)))
    problems.push('the runtime stage copies the whole workspace (COPY . .)');
  const bundle = copies.some((c) => c.flags['from'] && new RegExp(`dist/apps/${app}/?(\\s|$)`).test(c.args));
  if (!bundle) problems.push(`the runtime stage does not copy dist/apps/${app} from a build stage`);
  for (const c of copies) {
    const from = c.flags['from'];
    if (from && !named.has(from) && !/^\d+$/.test(from)) problems.push(`COPY --from=${from} names no stage`);
  }
  if (all(runtime, 'RUN').some((r) => /\bnpm\s+(ci|install)\b/.test(r.args) && !/--omit=dev/.test(r.args)))
    problems.push('the runtime stage installs dev dependencies');

  const users = all(runtime, 'USER');
  const user = users[users.length - 1]?.args.split(':')[0];
  if (!user) problems.push('the runtime stage sets no USER (it would run as root)');
  else if (user === 'root' || user === '0') problems.push(`the runtime stage runs as ${user}`);

  const env = stageVariables(runtime);
  if (env['NODE_ENV'] !== 'production')
    problems.push(`NODE_ENV is ${env['NODE_ENV'] ?? 'unset'} in the runtime stage, expected production`);
  if (env['PORT'] !== String(port))
    problems.push(`PORT is ${env['PORT'] ?? 'unset'} in the runtime stage, expected ${port}`);

  const exposed = all(runtime, 'EXPOSE')
    .flatMap((e) => e.args.split(/\s+/))
    .map((p) => p.replace(/\/tcp$/, ''));
  if (!exposed.includes(String(port)))
    problems.push(`EXPOSE ${exposed.join(' ') || '(none)'} does not include the app port ${port}`);
  if (exposed.some((p) => p !== String(port)))
    problems.push(
      `EXPOSE lists ports the app does not listen on: ${exposed.filter((p) => p !== String(port)).join(' ')}`,
    );

  const healthchecks = all(runtime, 'HEALTHCHECK');
  const healthcheck = healthchecks[healthchecks.length - 1];
  if (!healthcheck || /^NONE$/i.test(healthcheck.args)) problems.push('the runtime stage has no HEALTHCHECK');
  else problems.push(...checkHealthcheckCommand(healthcheck.exec ?? [], runtime, expected));

  const cmd = all(runtime, 'CMD').pop();
  if (!cmd?.exec || cmd.exec[0] !== 'node' || !cmd.exec.includes('main.js'))
    problems.push('CMD must be the exec form ["node", "main.js"] (node as PID 1 gets SIGTERM directly)');
  return problems;
}

function checkHealthcheckCommand(command: string[], runtime: Stage, expected: DockerfileExpectations): string[] {
  const joined = command.join(' ');
  if (/\b(curl|wget)\b/.test(joined))
    return [
      `HEALTHCHECK uses ${/curl/.test(joined) ? 'curl' : 'wget'}, which the node runtime image does not have; use node`,
    ];
  if (command[0] !== 'node') return [`HEALTHCHECK must run node, runs: ${joined}`];
  if (command[1] === '-e')
    return command[2]?.includes(expected.healthPath) ? [] : [`HEALTHCHECK does not request ${expected.healthPath}`];
  const script = command[1];
  const copy = runtime.instructions.find(
    (i) => i.keyword === 'COPY' && !i.flags['from'] && i.args.split(/\s+/).pop()?.replace(/^\.\//, '') === script,
  );
  if (!copy) return [`HEALTHCHECK runs ${script}, which the runtime stage does not COPY from the context`];
  const source = copy.args.split(/\s+/)[0];
  const content = expected.readFile(source);
  if (content === undefined) return [`HEALTHCHECK script ${source} does not exist`];
  if (!content.includes(`'${expected.healthPath}'`) && !content.includes(`"${expected.healthPath}"`))
    return [`HEALTHCHECK script ${source} does not request ${expected.healthPath}`];
  if (!/process\.env\.PORT/.test(content)) return [`HEALTHCHECK script ${source} does not use $PORT`];
  return [];
}
