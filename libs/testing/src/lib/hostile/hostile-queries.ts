import fc from 'fast-check';
import type { HostileCase } from './hostile-run';

/** A query endpoint and a valid set of its parameters (in the key's scope). */
export interface QueryEndpoint {
  path: string;
  params: Record<string, string>;
  /** Parameters whose absence is allowed (not mutated into "missing"). */
  optional?: readonly string[];
}

/** Values that are never a valid parameter: bad dates, operators, prototype names, huge, control characters. */
const hostileParamValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2024-02-30',
    '2024-13-01',
    '2024-1-1',
    '01/02/2024',
    '99999-01-01',
    '$where',
    '{"$gt":""}',
    '__proto__',
    'constructor',
    'a.b',
    '../..',
    ' ',
    '\u0000',
    '-1',
    'NaN',
    'Infinity',
  ),
  fc.integer({ min: 2_000, max: 8_000 }).map((n) => 'z'.repeat(n)),
  fc.string({ minLength: 1, maxLength: 12 }).map((s) => `~${s}`),
);

function queryString(params: Record<string, string | string[]>): string {
  return Object.entries(params)
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((one) => `${encodeURIComponent(k)}=${encodeURIComponent(one)}`),
    )
    .join('&');
}

const dropsParameter = (kind: string) => kind === 'missing' || kind === 'operator';

/**
 * Malformed requests to query endpoints: one parameter missing, repeated, with an operator-like
 * name (`unit[$ne]`), or with a hostile value. Each must get 400 naming that parameter.
 */
export function hostileQueries(endpoints: readonly QueryEndpoint[], authorization: string): fc.Arbitrary<HostileCase> {
  return (
    fc
      .tuple(
        fc.constantFrom(...endpoints),
        fc.nat(),
        fc.constantFrom('missing', 'repeated', 'operator', 'value'),
        hostileParamValue,
      )
      // Dropping a parameter (missing, or replaced by an operator-like name) is only wrong for a required one.
      .filter(
        ([endpoint, , kind]) =>
          !dropsParameter(kind) || Object.keys(endpoint.params).some((p) => !endpoint.optional?.includes(p)),
      )
      .map(([endpoint, at, kind, value]) => {
        const names = Object.keys(endpoint.params).filter(
          (p) => !dropsParameter(kind) || !endpoint.optional?.includes(p),
        );
        const name = names[at % names.length];
        const params: Record<string, string | string[]> = { ...endpoint.params };
        if (kind === 'missing' || kind === 'operator') delete params[name];
        if (kind === 'repeated') params[name] = [endpoint.params[name], endpoint.params[name]];
        if (kind === 'value') params[name] = value;
        let query = queryString(params);
        if (kind === 'operator') query += `${query ? '&' : ''}${encodeURIComponent(`${name}[$ne]`)}=1`;
        return {
          label: `${endpoint.path}/${kind}:${name}`,
          request: { method: 'GET' as const, path: `${endpoint.path}?${query}`, headers: { authorization } },
          expect: { status: 400, mentions: name },
        };
      })
  );
}
