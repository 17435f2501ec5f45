/**
 * Personal data in event payloads (PIPL "sensitive personal information"): the property names whose
 * values are encrypted field by field (`@sa/crypto`, SM4-CTR + HMAC-SM3 or AES-256-GCM) in the event
 * store, in read models and on Kafka. One list for the whole system: `@sa/crypto`'s field policy is
 * built from it, and the contract validation below accepts the ciphertext form for exactly these.
 */
export const PERSONAL_FIELD_NAMES: readonly string[] = [
  // names
  'name',
  'holderName',
  'memberName',
  'subjectName',
  'applicantName',
  'proxyName',
  // resident IDs
  'residentId',
  'holderResidentId',
  'memberResidentId',
  'onBehalfOfResidentId',
  'relativeResidentId',
  // contact
  'phone',
  'contactPhone',
  'address',
  // bank
  'accountNumber',
  'bankAccountRef',
  // health and disability
  'disability',
  'severeIllness',
  'illness',
  'health',
  // a person's assessed ability to work (劳动能力) and to care for themself (自理能力): health assessments
  'workAbility',
  'selfCareLevel',
  // income and means
  'employer',
  'incomes',
  'income',
  'assets',
  // declared by the household (ApplicationAccepted, ChangeRequested): income per member and month, assets
  'declaredIncome',
  'declaredAssets',
  // verified figures (verification's source items, aggregated facts, corrected figures): incomes, assets,
  // vehicles and businesses per member and source. Matched by name wherever they occur (HouseholdVerified,
  // VerificationObjectionResolved, verification's and eligibility's events; intake's materials list is sealed
  // along, harmless); the whole array / object is one sealed value, member ids inside it included.
  'items',
  'facts',
  'correctedItems',
];

/**
 * The ciphertext form of a personal field (see libs/crypto cipher.ts): `sa1.<suite>.<keyId>.<base64url>`
 * (one field), or format 2 — `sa2.<suite>.<keyId>.<base64url>` (all personal fields of the event as
 * one ciphertext, at the first of them) and `sa2.rf.<keyId>.<groupTag>` (the others).
 * A consumer without a grant to the key service sees only this.
 */
export const CIPHERTEXT_PATTERN = '^sa(1\\.(s4|a2)|2\\.(s4|a2|rf))\\.[A-Za-z0-9_:~-]+\\.[A-Za-z0-9_-]+$';

const CIPHERTEXT_SCHEMA = Object.freeze({ type: 'string', pattern: CIPHERTEXT_PATTERN });

/**
 * The schema as it is enforced on the wire: every property named in PERSONAL_FIELD_NAMES accepts
 * either its published form or the ciphertext form (`anyOf`). Applied to every event schema and
 * the common definitions before compiling; the published documents keep the clear-text shape.
 */
export function acceptCiphertextForPersonalFields<T>(schema: T): T {
  return transform(schema) as T;
}

function transform(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(transform);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'properties' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(v as Record<string, unknown>)) {
        props[name] = PERSONAL_FIELD_NAMES.includes(name) ? { anyOf: [transform(sub), CIPHERTEXT_SCHEMA] } : transform(sub);
      }
      out[k] = props;
    } else {
      out[k] = transform(v);
    }
  }
  return out;
}
