import mongoose, { type Connection } from 'mongoose';

/** Options `--name value` / `--name=value` / flags, and the positional arguments. */
export function parseArgs(argv: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) options.set(name, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options.set(name, argv[++i]);
    else options.set(name, true);
  }
  return { positional, options };
}

export function stringOption(options: Map<string, string | true>, name: string): string | undefined {
  const value = options.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

export class UsageError extends Error {}

export const DEFAULT_MONGODB_URI = 'mongodb://127.0.0.1:27017/dossier-ledger';

/** The store named by MONGODB_URI (the local default when unset), for command-line tools. */
export async function connectCliMongo(): Promise<Connection> {
  const uri = process.env['MONGODB_URI'] || DEFAULT_MONGODB_URI;
  return mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
}

/** Runs a CLI main: usage errors print the usage and exit 2, other errors exit 1. */
export function runCli(usage: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n\n${usage}`);
        process.exit(2);
      }
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
