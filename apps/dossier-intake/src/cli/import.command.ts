// cli.js import FILE... (npm run import -- FILE...) --source NAME [--format ndjson|csv|dvcqg] [--agency MaDinhDanhDV] [--restart]
// Loads historical canonical events (NDJSON or CSV) or DVCQG snapshots (one DongBoHoSoMC payload per
// line) through the intake use cases: same validation, scope, duplicate detection, store and Kafka.
import { NestFactory } from '@nestjs/core';
import { csvLineToEvent, parseCsvHeader } from '@dossier-ledger/intake';
import { ApiKeyVerifier, loadEnv, type Principal } from '@dossier-ledger/platform';
import { SingleBar, Presets } from 'cli-progress';
import { createHash, randomUUID } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppModule } from '../app/app.module';
import { IntakeEnv } from '../config/intake.env';
import { DvcqgError } from '../dvcqg/dvcqg-error';
import { SyncDvcqgSnapshotUseCase } from '../dvcqg/sync-dvcqg-snapshot.use-case';
import { AcceptEventsUseCase } from '../events/accept-events.use-case';
import { parseArgs, stringOption, UsageError } from '@dossier-ledger/platform';

export const IMPORT_USAGE = `Usage:
  import FILE... --source NAME [--format ndjson|csv|dvcqg] [--agency MaDinhDanhDV] [--restart]
    --source   a registered source (keys create --name NAME ...): its scope applies
    --format   ndjson (one canonical event per line), csv (header of canonical field names), or
               dvcqg (one DongBoHoSoMC payload or HoSo per line); default from the extension
    --agency   MaDinhDanhDV for dvcqg lines that do not carry one
    --restart  ignore the saved progress of these files
Resumable: progress per file is kept in $DL_LOCAL_DIR/import (default ./.local/import); an interrupted import continues where the
last stored batch ended (re-sent events are duplicates, so nothing is counted twice).
Uses KAFKA_BROKERS and MONGODB_URI like the services.`;

type Format = 'ndjson' | 'csv' | 'dvcqg';
const BATCH = 1_000;
const MAX_SAVED_REJECTIONS = 1_000;

interface Progress {
  file: string;
  size: number;
  mtimeMs: number;
  format: Format;
  source: string;
  linesDone: number;
  bytesDone: number;
  accepted: number;
  duplicates: number;
  rejectedCount: number;
  rejected: { line: number; reason: string }[];
  completed: boolean;
}

interface Services {
  principal: Principal;
  acceptEvents: AcceptEventsUseCase;
  syncDvcqg: SyncDvcqgSnapshotUseCase;
  agency?: string;
}

/** Where resume points are kept: $DL_LOCAL_DIR/import, else .local/import under the working directory (a writable volume in a container). */
const progressDir = join(process.env['DL_LOCAL_DIR'] ?? join(process.cwd(), '.local'), 'import');

function formatOf(file: string, option: string | undefined): Format {
  const format = option ?? (/\.csv$/i.test(file) ? 'csv' : /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : undefined);
  if (format !== 'ndjson' && format !== 'csv' && format !== 'dvcqg')
    throw new UsageError(`Cannot tell the format of ${file}: pass --format ndjson|csv|dvcqg`);
  return format;
}

function loadProgress(
  file: string,
  format: Format,
  source: string,
  restart: boolean,
): { path: string; progress: Progress } {
  const real = realpathSync(file);
  const { size, mtimeMs } = statSync(real);
  const path = join(
    progressDir,
    `${basename(real).replace(/[^\w.-]/g, '_')}.${createHash('sha1').update(real).digest('hex').slice(0, 12)}.json`,
  );
  const fresh: Progress = {
    file: real,
    size,
    mtimeMs,
    format,
    source,
    linesDone: 0,
    bytesDone: 0,
    accepted: 0,
    duplicates: 0,
    rejectedCount: 0,
    rejected: [],
    completed: false,
  };
  if (restart || !existsSync(path)) return { path, progress: fresh };
  const saved = JSON.parse(readFileSync(path, 'utf8')) as Progress;
  const same = saved.size === size && saved.mtimeMs === mtimeMs && saved.format === format && saved.source === source;
  return { path, progress: same ? saved : fresh };
}

function saveProgress(path: string, progress: Progress): void {
  mkdirSync(progressDir, { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(progress, null, 1));
  renameSync(`${path}.tmp`, path);
}

function reject(progress: Progress, line: number, reason: string): void {
  progress.rejectedCount++;
  if (progress.rejected.length < MAX_SAVED_REJECTIONS) progress.rejected.push({ line, reason });
}

async function importFile(file: string, format: Format, services: Services, restart: boolean): Promise<Progress> {
  const { path, progress } = loadProgress(file, format, services.principal.source, restart);
  if (progress.completed) {
    console.log(`${file}: imported before (${progress.accepted} accepted); --restart imports it again`);
    return progress;
  }
  const bar = new SingleBar(
    {
      format: `${basename(file)} [{bar}] {percentage}% | {value}/{total} bytes | {accepted} new, {duplicates} dup, {rejected} rejected`,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(progress.size, progress.bytesDone, {
    accepted: progress.accepted,
    duplicates: progress.duplicates,
    rejected: progress.rejectedCount,
  });
  const update = () =>
    bar.update(progress.bytesDone, {
      accepted: progress.accepted,
      duplicates: progress.duplicates,
      rejected: progress.rejectedCount,
    });

  let header: string[] | undefined;
  let pending: { line: number; item: unknown }[] = [];
  let pendingBytes = 0;
  let lastLine = 0;

  const flush = async () => {
    if (pending.length > 0) {
      const { result, rejected } = await services.acceptEvents.acceptEach(
        services.principal,
        pending.map((p) => p.item),
        randomUUID(),
      );
      progress.accepted += result.accepted;
      progress.duplicates += result.duplicates - result.conflicts.length;
      for (const r of rejected) reject(progress, pending[r.index].line, r.reason);
    }
    progress.linesDone = lastLine;
    progress.bytesDone += pendingBytes;
    pending = [];
    pendingBytes = 0;
    saveProgress(path, progress);
    update();
  };

  const lines = createInterface({ input: createReadStream(progress.file), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    const bytes = Buffer.byteLength(text) + 1;
    if (format === 'csv' && n === 1) {
      header = parseCsvHeader(text);
      if (progress.linesDone === 0) {
        progress.linesDone = 1;
        progress.bytesDone = bytes;
      }
      continue;
    }
    if (n <= progress.linesDone) continue;
    lastLine = n;
    pendingBytes += bytes;
    if (text.trim() === '') continue;
    if (format === 'dvcqg') {
      await importSnapshotLine(text, n, services, progress);
      await flush();
      continue;
    }
    try {
      pending.push({ line: n, item: format === 'csv' ? csvLineToEvent(header ?? [], text) : JSON.parse(text) });
    } catch (error) {
      reject(progress, n, `unreadable line: ${(error as Error).message}`);
    }
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  progress.bytesDone = progress.size;
  progress.completed = true;
  saveProgress(path, progress);
  update();
  bar.stop();
  return progress;
}

async function importSnapshotLine(text: string, line: number, services: Services, progress: Progress): Promise<void> {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const payload = Array.isArray(parsed['data'])
      ? parsed
      : { service: 'DongBoHoSoMC', isUpdating: true, data: [parsed] };
    const agency = typeof parsed['MaDinhDanhDV'] === 'string' ? parsed['MaDinhDanhDV'] : services.agency;
    const { result } = await services.syncDvcqg.execute(services.principal, agency, payload);
    progress.accepted += result.accepted;
    progress.duplicates += result.duplicates;
  } catch (error) {
    if (error instanceof DvcqgError) reject(progress, line, (error.getResponse() as { message: string }).message);
    else if (error instanceof SyntaxError) reject(progress, line, `unreadable line: ${error.message}`);
    else throw error;
  }
}

function summary(results: Progress[]): void {
  console.log('\nSummary');
  for (const r of results) {
    console.log(`  ${r.file}: ${r.accepted} new, ${r.duplicates} duplicates, ${r.rejectedCount} rejected`);
    const byReason = new Map<string, number[]>();
    for (const { line, reason } of r.rejected) byReason.set(reason, [...(byReason.get(reason) ?? []), line]);
    for (const [reason, lines] of [...byReason.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 20)) {
      console.log(
        `    ${lines.length} × ${reason} (line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''})`,
      );
    }
    if (r.rejectedCount > r.rejected.length)
      console.log(`    … and ${r.rejectedCount - r.rejected.length} more rejected lines`);
  }
}

/** `import FILE... --source NAME`: historical events or DVCQG snapshots through intake's own use cases. */
export async function importCommand(argv: string[]): Promise<void> {
  const { positional: files, options } = parseArgs(argv);
  const source = stringOption(options, 'source');
  if (files.length === 0) throw new UsageError('No FILE given');
  if (!source) throw new UsageError('--source NAME is required');
  for (const file of files) if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const formats = files.map((file) => formatOf(file, stringOption(options, 'format')));

  const env = loadEnv(IntakeEnv, { LOG_LEVEL: 'warn', ...process.env, INTAKE_CONSUMERS: 'off' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { logger: ['error', 'warn'] });
  try {
    const principal = await app.get(ApiKeyVerifier).principalForSource(source);
    if (!principal || !principal.roles.includes('write')) {
      throw new UsageError(
        `Source ${source} has no active key with the write role (keys create --name ${source} --scope ...)`,
      );
    }
    const services: Services = {
      principal,
      acceptEvents: app.get(AcceptEventsUseCase),
      syncDvcqg: app.get(SyncDvcqgSnapshotUseCase),
      agency: stringOption(options, 'agency'),
    };
    const results: Progress[] = [];
    for (const [i, file] of files.entries())
      results.push(await importFile(file, formats[i], services, options.has('restart')));
    summary(results);
  } finally {
    await app.close();
  }
}
