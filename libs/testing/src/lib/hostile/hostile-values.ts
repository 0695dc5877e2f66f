// Building blocks of hostile input, shared by the services' hostile-input suites (fast-check).
import fc from 'fast-check';

/** Keys that attack the store or the runtime rather than the schema. */
export const ATTACK_KEYS = [
  '$where',
  '$gt',
  '$ne',
  'a.b',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
] as const;

/** An unknown key: an attack key or any string outside `known`. */
export function unknownKey(known: ReadonlySet<string>): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(...ATTACK_KEYS),
      fc.string({ minLength: 1, maxLength: 40 }).filter((key) => !known.has(key)),
    )
    .filter((key) => !known.has(key));
}

/** `depth` levels of arrays or objects around a scalar. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 2, max: 1_500 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 300, max: 200_000 }), fc.constantFrom('x', 'é', '9', '.'))
  .map(([length, char]) => char.repeat(length));

/** Any JSON value but a string. */
export const notAString: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  deeplyNested,
);

/** Text that does not survive storage unchanged: control characters, lone surrogates. */
export const uncleanText: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\ud800', '\udfff', '\n'),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, bad, b]) => a + bad + b);

/** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, truncated, 0xFF. */
export const invalidUtf8: fc.Arbitrary<Buffer> = fc
  .constantFrom(
    [0xff],
    [0xfe],
    [0x80],
    [0xc3, 0x28],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xe2, 0x82],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
  )
  .map((bytes) => Buffer.from(bytes));

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO-8601 instants that cannot exist (month 13, 30 February, 24:00, offset +25:00) or lack parts. */
export const impossibleInstant: fc.Arbitrary<string> = fc.oneof(
  fc
    .record({
      month: fc.integer({ min: 13, max: 99 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ month, day }) => `2023-${pad(month)}-${pad(day)}T08:30:00+07:00`),
  fc.integer({ min: 30, max: 31 }).map((day) => `2023-02-${day}T08:30:00+07:00`),
  fc.integer({ min: 32, max: 99 }).map((day) => `2023-01-${day}T08:30:00+07:00`),
  fc.integer({ min: 24, max: 99 }).map((hour) => `2023-01-05T${pad(hour)}:30:00+07:00`),
  fc.integer({ min: 60, max: 99 }).map((minute) => `2023-01-05T08:${pad(minute)}:00+07:00`),
  fc.integer({ min: 24, max: 99 }).map((hours) => `2023-01-05T08:30:00+${pad(hours)}:00`),
  fc.integer({ min: 60, max: 99 }).map((minutes) => `2023-01-05T08:30:00-07:${pad(minutes)}`),
  fc.constantFrom(
    '2023-01-05T08:30:00', // no offset
    '2023-01-05 08:30:00+07:00',
    '2023-1-5T08:30:00+07:00',
    '05/01/2023',
    '20230105083000',
    '2023-01-05T08:30:00+07:00 ',
    '2023-01-05T08:30:00+0700',
    'yesterday',
    '',
  ),
);

/** Gzip, deflate, br: Content-Encoding values a client might send. */
export const contentEncoding = fc.constantFrom('gzip', 'deflate', 'br', 'x-gzip', 'GZIP');

/** Media types other than JSON. */
export const wrongMediaType = fc.constantFrom(
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/jsonx',
  'json',
);

/** The seed of a hostile run: HOSTILE_SEED reproduces a printed one. */
export function hostileSeed(suite: string): number {
  const given = process.env['HOSTILE_SEED'];
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  console.log(`[hostile] ${suite}: seed ${seed} (reproduce with HOSTILE_SEED=${seed})`);
  return seed;
}
