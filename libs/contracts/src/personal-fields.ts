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
  // birth dates (a member's 出生日期: with the division it narrows a resident down; the statistics count age groups, which
  // eligibility writes in clear beside it as `ageGroups` — the months from which a member counts as adult and as elderly)
  'birthDate',
  // the 18th birthday of a minor whose 特困 support ends at 18 (follow-up AgeOutFlagged): the birth date, 18 years on
  'adultOn',
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
  // a decision's rule explanation (eligibility's steps: each member's incomes, deductions, assets and disability grades
  // as the rules used them) in eligibility's events, read models and AssistanceGranted / BenefitChanged / AssistanceRefused
  'explanation',
  // officers' and households' free text about a person (issue 18, free text): what an officer saw, heard or concluded
  // can name illnesses, disabilities, incomes and family circumstances ("长子住院，妻子无业"). Sealed wherever the name
  // occurs; the codes and dates next to them stay in clear. docs/PERSONAL-DATA.md "Free text" gives the reasoning.
  // - `note`: a visit's note (follow-up's ReviewVisitRecorded, WelfareVisitRecorded), an initial opinion's note
  //   (eligibility), a lead's contact / closing note (intake), a withdrawal's note, a manual check's note (verification)
  'note',
  // - `finalNote`: the closing note of a follow-up case (FollowUpClosed, AssistanceExited)
  'finalNote',
  // - `reviewNote`: the reviewer's note when a case goes to the decision (eligibility CaseSubmittedForDecision)
  'reviewNote',
  // - `summary`: a review's summary (follow-up ReviewConcluded, ReviewCompleted on Kafka), a neighbourhood inquiry's
  //   summary (民主评议 / 邻里访问, eligibility), the summary of an objection to a public notice (eligibility)
  'summary',
  // - `findings`: a home visit's findings (入户调查, eligibility), an objection's resolution (eligibility; verification's
  //   VerificationObjectionResolved), a complaint's investigation findings (follow-up ComplaintResolved)
  'findings',
  // - `allegation`: what a complaint alleges (follow-up ComplaintFiled: about a household's undeclared income, …)
  'allegation',
  // - `reasons`: written reasons — a refusal's (eligibility WrittenReason: code + the officer's description), a review's
  //   recommendation reasons (follow-up ReviewConcluded, ChangeProposed; ChangeRequested v2 on Kafka), a manual check's
  //   reasons (verification). The codes are sealed along (one value); statistics count none of them
  'reasons',
  // - `lateFilingReason`: why an appeal was filed late (不可抗力: an illness, a hospital stay)
  'lateFilingReason',
  // - `decisionReason`: a benefit change decision's written reason (BenefitChangeDecided; a withdrawal after approval
  //   quotes the household's note in it)
  'decisionReason',
];

/**
 * Free text that is personal only in one place (issue 18): a property name too common to seal everywhere
 * (`description` is also a reason's or an explanation step's wording), sealed where it is the officer's or the
 * household's own words about a person — the description of a change in circumstances (`changes[].description`
 * of ChangeRequested, ReviewCompleted, follow-up's ChangeReported / review events and eligibility's
 * RedeterminationRequested: "长子于2026年3月在本市就业" may name people and illnesses). `parent` is the property
 * holding the object (or the array of them), `definition` the common schema definition of that object.
 */
export interface NestedPersonalField {
  name: string;
  parent: string;
  definition?: string;
}

export const PERSONAL_NESTED_FIELDS: readonly NestedPersonalField[] = [
  { name: 'description', parent: 'changes', definition: 'circumstanceChange' },
  // the household's account of a temporary-assistance incident or spending (an accident, an illness, a funeral)
  { name: 'description', parent: 'temporaryAssistance' },
  // a benefit change's written reason (BenefitChangeProposed / BenefitChangeDecided, BenefitChanged on Kafka)
  { name: 'description', parent: 'reason' },
  // the reason of a 一事一议 collective decision (CaseApproved.collectiveDecision: why the hardship is extraordinary)
  { name: 'reason', parent: 'collectiveDecision' },
  // a repayment plan's and a repayment's reason as disbursement's folded entitlement keeps them
  // (`entitlements.state`: repaymentPlans[].reason, repaymentPlans[].repayments[].reason; the events: PERSONAL_EVENT_FIELDS)
  { name: 'reason', parent: 'repaymentPlans' },
  { name: 'reason', parent: 'repayments' },
];

/**
 * Free text that is personal only in some event types (issue 18): a TOP-LEVEL property of the event's data whose name
 * is a code elsewhere (`reason` is a code in LeadClosed, FollowUpClosed, ApplicationWithdrawn, PaymentReturned …,
 * `description` a label), so neither the name list nor the parent rule can seal it. Here each event type declares
 * which of its top-level properties are the officer's or the household's own words (审核确认意见, appeal grounds, an
 * extension's or a withdrawal's reason, a lead's report); `@sa/crypto` seals them with the event's other personal
 * fields (same group, same key: shredding reaches them), in the event store (domain events) and on Kafka
 * (integration events of the same name), and the contracts accept the ciphertext form there.
 * docs/PERSONAL-DATA.md "Free text" gives the reasoning per field.
 */
export const PERSONAL_EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // eligibility: a decision's recorded reason (审核确认意见), a withdrawal's, an extension's, an appeal's grounds and
  // its outcome's reason, a redetermination closed without change, an emergency advance's approval (also on Kafka)
  CaseApproved: ['reason'],
  CaseRefused: ['reason'],
  CaseWithdrawn: ['reason'],
  DecisionDeadlineExtended: ['reason'],
  AppealFiled: ['reason'],
  AppealOutcomeRecorded: ['reason'],
  RedeterminationClosed: ['reason'],
  EmergencyAdvanceApproved: ['reason'],
  // disbursement: the payment of an approved advance carries the approval's reason; a repayment plan's reason and a
  // repayment's (退款计划 / 追回: the officer's words on why the household repays so, "长子住院，分期退还") in the domain events
  // and on Kafka (OverpaymentRecovered: a repayment's reason; an offset's is a fixed sentence, sealed along)
  EmergencyAdvancePaid: ['reason'],
  RepaymentPlanRecorded: ['reason'],
  OverpaymentRepaid: ['reason'],
  OverpaymentRecovered: ['reason'],
  // verification: the household's objection to a report in its own words
  VerificationObjectionFiled: ['reason'],
  // follow-up: a benefit change applied (copies BenefitChanged.reason.description)
  BenefitChangeApplied: ['reason'],
  // intake: a closure after the decision (joins the refusal's written reasons), a rejection at intake, the report of a
  // lead (主动发现: who is in hardship and how; also on Kafka)
  ApplicationClosedAfterDecision: ['reason'],
  ApplicationRejectedAtIntake: ['reason'],
  // intake: the officer's reason for the one-time missing-materials notice (一次性告知: "缺残疾等级鉴定，申请人称患精神疾病")
  MaterialsRequested: ['reason'],
  LeadReported: ['description'],
});

/**
 * The envelope's free text (issue 18): `metadata.reason` is the command's stated reason — a code (`NO_CHANGE/CONTINUE`,
 * an outcome) or an officer's words (a decision's 审核确认意见). Words are sealed under the case's key in the event
 * store and on Kafka (`ce_reason` then carries the ciphertext); a code stays in clear (METADATA_REASON_CODE).
 */
export const PERSONAL_METADATA_FIELDS: readonly string[] = ['reason'];

/** A `metadata.reason` that is a code (upper-case words, `/`-joined) and stays in clear; anything else is sealed. */
export const METADATA_REASON_CODE = /^[A-Z][A-Z0-9_]*(\/[A-Z][A-Z0-9_]*)*$/;

/** The common definition of the integration events' metadata (its `reason` accepts the ciphertext form). */
const METADATA_DEFINITION = 'integrationEventMetadata';

/** The top-level properties of an event of `type` that are personal by PERSONAL_EVENT_FIELDS (undefined: none). */
export function personalFieldsOfEventType(type: string | undefined): readonly string[] | undefined {
  if (type === undefined || !Object.prototype.hasOwnProperty.call(PERSONAL_EVENT_FIELDS, type)) return undefined;
  return PERSONAL_EVENT_FIELDS[type];
}

/** True when the property `name` of an object held by the property `parent` (directly or in an array) is personal. */
export function isNestedPersonalField(name: string, parent: string | undefined): boolean {
  if (parent === undefined) return false;
  for (const f of PERSONAL_NESTED_FIELDS) if (f.name === name && f.parent === parent) return true;
  return false;
}

/**
 * The ciphertext form of a personal field (see libs/crypto cipher.ts): `sa1.<suite>.<keyId>.<base64url>`
 * (one field), or format 2 — `sa2.<suite>.<keyId>.<base64url>` (all personal fields of the event as
 * one ciphertext, at the first of them) and `sa2.rf.<keyId>.<groupTag>` (the others), or format 3 (compact,
 * written now) — `sa3.<suite>.<keyId>.<base64url>` (the group) and `sa3.<groupTag>` (8 characters; the others).
 * A consumer without a grant to the key service sees only this.
 */
export const CIPHERTEXT_PATTERN = '^sa([13]\\.(s4|a2)|2\\.(s4|a2|rf))\\.[A-Za-z0-9_:~-]+\\.[A-Za-z0-9_-]+$|^sa3\\.[A-Za-z0-9_-]{8}$';

const CIPHERTEXT_SCHEMA = Object.freeze({ type: 'string', pattern: CIPHERTEXT_PATTERN });

/**
 * The schema as it is enforced on the wire: every property named in PERSONAL_FIELD_NAMES accepts
 * either its published form or the ciphertext form (`anyOf`). Applied to every event schema and
 * the common definitions before compiling; the published documents keep the clear-text shape.
 */
export function acceptCiphertextForPersonalFields<T>(schema: T, eventType?: string): T {
  const out = transform(schema, undefined) as T;
  const topLevel = personalFieldsOfEventType(eventType);
  // the event type's own personal top-level properties (PERSONAL_EVENT_FIELDS): the root schema's properties
  return topLevel ? (wrapProperties(out, topLevel) as T) : out;
}

/** The schema with each of `names` among its (root) properties accepting the ciphertext form too. */
function wrapProperties(schema: unknown, names: readonly string[]): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  const root = schema as Record<string, unknown>;
  const props = root.properties as Record<string, unknown> | undefined;
  if (!props || typeof props !== 'object') return schema;
  const wrapped: Record<string, unknown> = { ...props };
  for (const name of names) {
    const sub = wrapped[name];
    if (sub === undefined || isCiphertextAlternative(sub)) continue;
    wrapped[name] = { anyOf: [sub, CIPHERTEXT_SCHEMA] };
  }
  return { ...root, properties: wrapped };
}

function isCiphertextAlternative(node: unknown): boolean {
  const anyOf = (node as { anyOf?: unknown[] } | null)?.anyOf;
  return Array.isArray(anyOf) && anyOf.includes(CIPHERTEXT_SCHEMA);
}

/** The parent property a common definition's object is held by (`circumstanceChange` → `changes`). */
function parentOfDefinition(name: string): string | undefined {
  return PERSONAL_NESTED_FIELDS.find((f) => f.definition === name)?.parent;
}

/** `parent`: the property whose value (or array items) this schema node describes, for PERSONAL_NESTED_FIELDS. */
function transform(node: unknown, parent: string | undefined): unknown {
  if (Array.isArray(node)) return node.map((n) => transform(n, parent));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'properties' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const props: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(v as Record<string, unknown>)) {
        const personal = PERSONAL_FIELD_NAMES.includes(name) || isNestedPersonalField(name, parent);
        props[name] = personal ? { anyOf: [transform(sub, name), CIPHERTEXT_SCHEMA] } : transform(sub, name);
      }
      out[k] = props;
    } else if ((k === '$defs' || k === 'definitions') && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const defs: Record<string, unknown> = {};
      for (const [name, def] of Object.entries(v as Record<string, unknown>)) {
        const t = transform(def, parentOfDefinition(name));
        defs[name] = name === METADATA_DEFINITION ? wrapProperties(t, PERSONAL_METADATA_FIELDS) : t;
      }
      out[k] = defs;
    } else {
      out[k] = transform(v, parent);
    }
  }
  return out;
}
