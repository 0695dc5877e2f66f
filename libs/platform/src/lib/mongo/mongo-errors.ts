/** MongoDB's duplicate key error code: an insert whose `_id` exists. */
export const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  code?: number;
  index?: number;
  err?: { code?: number; index?: number };
}

/**
 * For an unordered insertMany: the indexes of the documents refused as duplicates. Throws the
 * error again when anything else went wrong, so callers never mistake a failure for a duplicate.
 */
export function duplicateIndexes(error: unknown): number[] {
  const writeErrors = (error as { writeErrors?: WriteErrorLike | WriteErrorLike[] } | null)?.writeErrors;
  const list = writeErrors === undefined ? [] : Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  const codeOf = (e: WriteErrorLike) => e.code ?? e.err?.code;
  if (list.length === 0 || list.some((e) => codeOf(e) !== DUPLICATE_KEY)) throw error;
  return list.map((e) => (e.index ?? e.err?.index) as number);
}

export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === DUPLICATE_KEY;
}

/** Runs an unordered insertMany and returns the indexes refused as duplicates. */
export async function insertManyReportingDuplicates<T>(
  insert: (docs: T[]) => Promise<unknown>,
  docs: T[],
): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await insert(docs);
    return new Set();
  } catch (error) {
    return new Set(duplicateIndexes(error));
  }
}
