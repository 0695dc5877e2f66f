import { stringOption, UsageError } from '@dossier-ledger/platform';

type Options = Map<string, string | true>;

/** An integer option ≥ `min`, or the default; a bad value is a usage error naming the flag. */
export function intOption(options: Options, name: string, fallback: number, min = 1): number {
  const raw = stringOption(options, name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
}

export function choiceOption<T extends string>(options: Options, name: string, choices: readonly T[], fallback: T): T {
  const value = stringOption(options, name) ?? fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}`);
  return value as T;
}
