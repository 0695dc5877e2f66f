import { canonicalEventJson, onlyEventV1Fields, validateDossierEventV1 } from './validate-dossier-event';
import { DOSSIER_EVENT_TYPES } from './dossier-event-types';

const received = {
  eventId: 'ts-000001',
  dossierId: 'H30.41-230105-0001',
  type: 'DossierReceived',
  occurredAt: '2023-01-05T08:30:00+07:00',
  unitCode: '11098',
  channel: 'online',
  procedureCode: '1.001193',
  fieldCode: 'HT',
  dueAt: '2023-01-10T17:00:00+07:00',
};

function firstViolation(raw: unknown) {
  const result = validateDossierEventV1(raw);
  if (result.ok) throw new Error('expected a violation');
  return result.violations[0];
}

describe('validateDossierEventV1', () => {
  it('accepts the example event of the contract', () => {
    expect(validateDossierEventV1(received)).toEqual({ ok: true, event: received });
  });

  it('accepts a null dueAt (procedure without appointment date) and optional fields', () => {
    const event = {
      ...received,
      dueAt: null,
      serviceLevel: 'full',
      feeBearing: true,
      tags: ['766'],
      seq: 1,
      schemaVersion: 1,
    };
    expect(validateDossierEventV1(event).ok).toBe(true);
  });

  it('rejects a missing dueAt, naming the field', () => {
    const { dueAt: _omit, ...event } = received;
    expect(firstViolation(event)).toMatchObject({ field: 'dueAt', rule: 'isInstantWithOffset' });
  });

  it.each([
    ['2023-01-05T08:30:00', 'no offset'],
    ['2023-02-30T08:30:00+07:00', 'impossible date'],
    ['05/01/2023 08:30', 'local format'],
    [20230105083000, 'a number'],
  ])('rejects occurredAt %p (%s)', (occurredAt: string | number, _why: string) => {
    expect(firstViolation({ ...received, occurredAt })).toMatchObject({
      field: 'occurredAt',
      rule: 'isInstantWithOffset',
    });
  });

  it('accepts Z and fractional seconds', () => {
    expect(validateDossierEventV1({ ...received, occurredAt: '2023-01-05T01:30:00.123Z' }).ok).toBe(true);
  });

  it('rejects an unknown type, naming the field', () => {
    expect(firstViolation({ ...received, type: 'DossierLost' })).toMatchObject({ field: 'type', rule: 'isIn' });
  });

  it('rejects an unknown field, naming it', () => {
    expect(firstViolation({ ...received, applicantName: 'Nguyễn Văn A' })).toEqual({
      field: 'applicantName',
      rule: 'unknownField',
      message: 'applicantName is not a field of DossierReceived v1',
    });
  });

  it('rejects a field of another type', () => {
    const resolved = { ...received, type: 'DossierResolved' };
    expect(firstViolation(resolved).rule).toBe('unknownField');
  });

  it('rejects a bad channel, a string seq and a wrong schemaVersion', () => {
    expect(firstViolation({ ...received, channel: 'fax' })).toMatchObject({ field: 'channel', rule: 'isIn' });
    const seq = validateDossierEventV1({ ...received, seq: '2' });
    expect(!seq.ok && seq.violations).toContainEqual(expect.objectContaining({ field: 'seq', rule: 'isInt' }));
    expect(firstViolation({ ...received, schemaVersion: 2 })).toMatchObject({ field: 'schemaVersion', rule: 'equals' });
  });

  it('rejects non-objects', () => {
    expect(firstViolation(null)).toMatchObject({ field: '(event)', rule: 'isObject' });
    expect(firstViolation([received])).toMatchObject({ field: '(event)', rule: 'isObject' });
  });

  it('requires the own fields of each type', () => {
    const base = { eventId: 'e', dossierId: 'd', occurredAt: received.occurredAt, unitCode: '11098' };
    expect(firstViolation({ ...base, type: 'DossierTransferred' }).field).toBe('toUnitCode');
    expect(firstViolation({ ...base, type: 'DueDateChanged', cause: 'x' }).field).toBe('newDueAt');
    expect(firstViolation({ ...base, type: 'ResultReturned', deliveredVia: 'fax' }).field).toBe('deliveredVia');
    expect(firstViolation({ ...base, type: 'PaymentCompleted' }).field).toBe('online');
    expect(firstViolation({ ...base, type: 'SatisfactionRated', score: 6 })).toMatchObject({
      field: 'score',
      rule: 'max',
    });
  });

  it('accepts an envelope-only event of every type without own required fields', () => {
    const base = { eventId: 'e', dossierId: 'd', occurredAt: received.occurredAt, unitCode: '11098' };
    const withoutRequired = DOSSIER_EVENT_TYPES.filter(
      (t) =>
        ![
          'DossierReceived',
          'PaymentCompleted',
          'DossierTransferred',
          'DueDateChanged',
          'ResultReturned',
          'SatisfactionRated',
        ].includes(t),
    );
    for (const type of withoutRequired) expect(validateDossierEventV1({ ...base, type }).ok).toBe(true);
  });
});

describe('validateDossierEventV1 against hostile input', () => {
  const withOwnKey = (key: string, value: unknown) => {
    const event: Record<string, unknown> = { ...received };
    Object.defineProperty(event, key, { value, enumerable: true, configurable: true, writable: true });
    return event;
  };

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '$where', 'a.b'])(
    'rejects the extra key %s, naming it (keys living on Object.prototype used to slip through)',
    (key) => {
      expect(firstViolation(withOwnKey(key, { x: 1 }))).toMatchObject({ field: key, rule: 'unknownField' });
      expect(firstViolation(JSON.parse(JSON.stringify(withOwnKey(key, 1))))).toMatchObject({ field: key });
    },
  );

  it('rejects deep nesting with a violation instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(firstViolation({ ...received, extra: deep })).toMatchObject({ field: 'extra', rule: 'unknownField' });
    expect(firstViolation({ ...received, eventId: deep })).toMatchObject({ field: 'eventId', rule: 'maxDepth' });
    expect(validateDossierEventV1({ ...received, tags: ['a', 'b'] }).ok).toBe(true);
  });

  it.each(['\\u0000', '\\u001b', '\\n', '\\ud800', '\\udfff'])(
    'rejects identifiers holding %s (they would not come back from the store as sent)',
    (escaped) => {
      const bad = JSON.parse(`"x${escaped}y"`) as string;
      expect(firstViolation({ ...received, eventId: bad })).toMatchObject({ field: 'eventId', rule: 'cleanText' });
      expect(firstViolation({ ...received, dossierId: bad })).toMatchObject({ field: 'dossierId', rule: 'cleanText' });
    },
  );

  it('keeps astral characters and Vietnamese text', () => {
    expect(validateDossierEventV1({ ...received, eventId: 'hồ-sơ-😀' }).ok).toBe(true);
  });

  it('rejects a seq beyond the safe integers', () => {
    expect(firstViolation({ ...received, seq: 2 ** 53 })).toMatchObject({ field: 'seq', rule: 'max' });
  });
});

describe('onlyEventV1Fields', () => {
  it('keeps v1 fields and drops anything else (personal data a source may have added)', () => {
    expect(onlyEventV1Fields({ ...received, ChuHoSo: 'Nguyễn Văn A', online: true })).toEqual({
      ...received,
      online: true,
    });
    expect(onlyEventV1Fields(['x'])).toBeUndefined();
    expect(onlyEventV1Fields('Nguyễn Văn A')).toBeUndefined();
  });
});

describe('canonicalEventJson', () => {
  it('ignores key order', () => {
    const reordered = Object.fromEntries(Object.entries(received).reverse());
    expect(canonicalEventJson(reordered)).toBe(canonicalEventJson(received));
    expect(canonicalEventJson({ ...received, channel: 'direct' })).not.toBe(canonicalEventJson(received));
  });
});
