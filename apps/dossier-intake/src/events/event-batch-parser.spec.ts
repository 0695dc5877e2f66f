import { ApiError } from '@dossier-ledger/platform';
import { parseEventBatch } from './event-batch-parser';
import { jsonErrorPosition, lineAndColumn } from './json-error-position';

const limits = { maxEvents: 3, maxBytes: 200 };
const json = (text: string) => Buffer.from(text, 'utf8');

function failure(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError)
      return { status: error.getStatus(), message: (error.getResponse() as { message: string }).message };
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('parseEventBatch', () => {
  it('reads a JSON array and NDJSON lines', () => {
    expect(parseEventBatch(json('[{"a":1},{"b":2}]'), 'application/json', limits)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseEventBatch(json('{"a":1}\n\n{"b":2}\r\n'), 'application/x-ndjson', limits)).toEqual([
      { a: 1 },
      { b: 2 },
    ]);
  });

  it('answers 415 for another media type', () => {
    expect(failure(() => parseEventBatch(json('[]'), 'text/plain', limits))).toMatchObject({
      status: 415,
      message: expect.stringContaining('text/plain'),
    });
    expect(failure(() => parseEventBatch(json('[]'), '', limits)).status).toBe(415);
  });

  it('answers 413 above the event count or the byte limit', () => {
    expect(failure(() => parseEventBatch(json('[1,2,3,4]'), 'application/json', limits))).toMatchObject({
      status: 413,
      message: expect.stringContaining('at most 3 events'),
    });
    expect(failure(() => parseEventBatch(json('1\n2\n3\n4'), 'application/x-ndjson', limits)).status).toBe(413);
    expect(failure(() => parseEventBatch(Buffer.alloc(201, 32), 'application/json', limits)).status).toBe(413);
  });

  it('answers 400 with the position of a JSON error', () => {
    expect(failure(() => parseEventBatch(json('[{"a":}]'), 'application/json', limits))).toMatchObject({
      status: 400,
      message: expect.stringContaining('position 6 (line 1, column 7)'),
    });
    expect(
      failure(() => parseEventBatch(json('[\n {"a": 1},\n {"b" 2}\n]'), 'application/json', limits)).message,
    ).toContain('line 3, column 7');
    expect(failure(() => parseEventBatch(json('[1,2'), 'application/json', limits)).message).toContain('position 4');
  });

  it('answers 400 with the line number of a bad NDJSON line', () => {
    expect(failure(() => parseEventBatch(json('{"a":1}\n{oops}\n'), 'application/x-ndjson', limits))).toMatchObject({
      status: 400,
      message: expect.stringContaining('Line 2 is not valid JSON'),
    });
  });

  it('answers 400 for an empty body, an empty array and a non-array', () => {
    expect(failure(() => parseEventBatch(json(''), 'application/json', limits)).status).toBe(400);
    expect(failure(() => parseEventBatch(json('[]'), 'application/json', limits)).status).toBe(400);
    expect(failure(() => parseEventBatch(json('{"a":1}'), 'application/json', limits)).message).toContain('JSON array');
  });
});

describe('jsonErrorPosition', () => {
  it.each([
    ['[{"a":}]', 6],
    ['{"a" 1}', 5],
    ['[1,]', 3],
    ['[1 2]', 3],
    ['{"a":"x\u0001"}', 7],
    ['[tru]', 1],
    ['[1] x', 4],
    ['"abc', 4],
    ['{', 1],
  ])('finds the error in %p at %p', (text, position) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toBe(position);
  });

  it('answers -1 for valid JSON and converts positions to lines', () => {
    expect(jsonErrorPosition('[{"a":[1,-2.5e3,"\\u00e9"]},null,true]')).toBe(-1);
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
