import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { DOSSIER_EVENT_DTO_BY_TYPE } from './dossier-event.v1.dto';
import { DOSSIER_EVENT_TYPES, type DossierEventType } from './dossier-event-types';
import type { DossierEventV1 } from './dossier-event.v1';

/** One broken rule of one event, named by field so a vendor can fix it without reading our code. */
export interface FieldViolation {
  field: string;
  rule: string;
  message: string;
}

export type EventValidationResult = { ok: true; event: DossierEventV1 } | { ok: false; violations: FieldViolation[] };

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/**
 * Field names of each type, from the DTOs' validation metadata. Own keys are checked against them
 * before class-transformer sees the object: it skips `__proto__`, `constructor` and other names
 * that live on Object.prototype (so the whitelist never saw them), and it recurses into any nested
 * value (a deeply nested unknown field overflowed the stack: a 500 instead of a 422).
 */
const FIELDS_BY_TYPE = new Map<string, ReadonlySet<string>>(
  Object.entries(DOSSIER_EVENT_DTO_BY_TYPE).map(([type, dto]) => [
    type,
    new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((m) => m.propertyName),
    ),
  ]),
);

/** Every field name of every v1 event type. */
export const DOSSIER_EVENT_V1_FIELDS: ReadonlySet<string> = new Set(
  [...FIELDS_BY_TYPE.values()].flatMap((f) => [...f]),
);

/**
 * A refused item reduced to v1 fields (what a dead letter may keep): anything else a source sent
 * may be personal data (an applicant's name, ID number, phone) and is dropped. Undefined when the
 * item is not an object at all.
 */
export function onlyEventV1Fields(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => DOSSIER_EVENT_V1_FIELDS.has(key)));
}

/** No v1 field holds more than a flat array of scalars. */
const MAX_VALUE_DEPTH = 1;

function depthExceeds(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((inner) => depthExceeds(inner, limit - 1));
}

/** Text that survives storage unchanged: no control characters, no lone UTF-16 surrogates. */
const CLEAN_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;

function shapeViolation(raw: Record<string, unknown>, type: DossierEventType): FieldViolation | undefined {
  const fields = FIELDS_BY_TYPE.get(type) as ReadonlySet<string>;
  for (const key of Object.keys(raw)) {
    if (!fields.has(key)) return { field: key, rule: 'unknownField', message: `${key} is not a field of ${type} v1` };
    const value = raw[key];
    if (depthExceeds(value, MAX_VALUE_DEPTH))
      return { field: key, rule: 'maxDepth', message: `${key} must not hold nested objects or arrays` };
    if (typeof value === 'string' && !CLEAN_TEXT.test(value))
      return {
        field: key,
        rule: 'cleanText',
        message: `${key} must not contain control characters or unpaired UTF-16 surrogates`,
      };
  }
  return undefined;
}

function isKnownType(type: unknown): type is DossierEventType {
  return typeof type === 'string' && (DOSSIER_EVENT_TYPES as readonly string[]).includes(type);
}

/** Validates one canonical v1 event: unknown types and unknown fields are rejected, field named. */
export function validateDossierEventV1(raw: unknown): EventValidationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      violations: [{ field: '(event)', rule: 'isObject', message: 'each event must be a JSON object' }],
    };
  }
  const type = (raw as { type?: unknown }).type;
  if (!isKnownType(type)) {
    return {
      ok: false,
      violations: [{ field: 'type', rule: 'isIn', message: `type must be one of: ${DOSSIER_EVENT_TYPES.join(', ')}` }],
    };
  }
  const shape = shapeViolation(raw as Record<string, unknown>, type);
  if (shape) return { ok: false, violations: [shape] };
  const instance = plainToInstance(DOSSIER_EVENT_DTO_BY_TYPE[type], raw);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length === 0) return { ok: true, event: { ...(raw as DossierEventV1) } };
  const violations = errors.flatMap((error) =>
    Object.entries(error.constraints ?? { invalid: `${error.property} is invalid` }).map(([rule, message]) => ({
      field: error.property,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message: rule === 'whitelistValidation' ? `${error.property} is not a field of ${type} v1` : message,
    })),
  );
  return { ok: false, violations };
}

/** Key-order independent JSON, so a re-sent event with reordered fields is not a conflict. */
export function canonicalEventJson(event: object): string {
  return JSON.stringify(event, Object.keys(event).sort());
}
