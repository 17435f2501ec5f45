/**
 * Attachments of a case (申请材料、入户照片、签字表格), one stream per case: `attachment-<caseId>`.
 * The bytes live in object storage under their sha256; the stream records what was filed, against
 * which checklist item, by whom, with its digest, size and sniffed media type. Pure: the shell
 * passes in the case's status, its checklist and the time.
 */
import type { Decider } from '@sa/decider';
import { MATERIAL_CODES } from '../application/materials';
import type { ApplicationStatus } from '../application/application';
import { IntakeRuleError, type RuleViolation } from '../shared/intake-rule-error';
import type { OfficerRef } from '../shared/officer';

export const ATTACHMENT_CATEGORY = 'attachment';
export const attachmentStreamId = (caseId: string): string => `${ATTACHMENT_CATEGORY}-${caseId}`;

export const ATTACHMENT_KINDS = ['MATERIAL', 'VISIT_PHOTO', 'SIGNED_FORM'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = { MATERIAL: '申请材料', VISIT_PHOTO: '入户调查照片', SIGNED_FORM: '签字表格' };

/** A checklist item key: `CODE`, `CODE:<resident ID>` or `OTHER:<n>` (materials.ts). */
const ITEM_KEY = new RegExp(`^(${MATERIAL_CODES.join('|')})(:[0-9A-Za-z-]{1,40})?$`);
/** Visit photos and signed forms name what they belong to (a visit id, a form's name), not a checklist item. */
const FREE_REF = /^[\p{L}\p{N}_:.\-/]{1,100}$/u;

/** Cases whose file is closed take no more attachments. */
const CLOSED: ApplicationStatus[] = ['WITHDRAWN', 'REJECTED', 'CLOSED'];

export interface AttachmentRecord {
  attachmentId: string;
  caseId: string;
  kind: AttachmentKind;
  /** The checklist item it satisfies (materials), or what it belongs to (photos, forms); null when none. */
  itemKey: string | null;
  /** sha256 hex of the bytes: also the object-storage key. */
  digest: string;
  sizeBytes: number;
  /** Sniffed from the bytes, never taken from the client. */
  mediaType: string;
  fileName: string | null;
  storage: 'local' | 's3';
  uploadedBy: OfficerRef;
  uploadedAt: string;
}

export interface AttachmentUploaded {
  type: 'AttachmentUploaded';
  data: AttachmentRecord;
}
export type AttachmentEvent = AttachmentUploaded;

export interface AttachmentsState {
  attachments: AttachmentRecord[];
}
export const initialAttachmentsState: AttachmentsState = { attachments: [] };

export interface RecordAttachment {
  type: 'RecordAttachment';
  data: {
    caseId: string;
    attachmentId: string;
    kind: AttachmentKind;
    itemKey: string | null;
    /** The case's status (from its application stream). */
    caseStatus: ApplicationStatus;
    /** Keys of the items of the case's one-time notice (empty before one). */
    checklist: string[];
    digest: string;
    sizeBytes: number;
    mediaType: string;
    allowedMediaTypes: readonly string[];
    fileName: string | null;
    storage: 'local' | 's3';
  };
  metadata: { actor: OfficerRef; now: string };
}
export type AttachmentCommand = RecordAttachment;

/**
 * What is wrong with the target of an upload, checked before a byte is read (the shell refuses the
 * request without storing anything) and again by `decide`.
 */
export function attachmentTargetProblems(t: { kind: string; itemKey: string | null; checklist: string[] }): RuleViolation[] {
  if (!(ATTACHMENT_KINDS as readonly string[]).includes(t.kind)) return [{ field: 'kind', message: `must be one of ${ATTACHMENT_KINDS.join(', ')}` }];
  if (t.kind === 'MATERIAL') {
    if (!t.itemKey) return [{ field: 'itemKey', message: 'a material is filed against an item of the materials checklist' }];
    if (!t.checklist.includes(t.itemKey) && !ITEM_KEY.test(t.itemKey)) {
      return [{ field: 'itemKey', message: `is not an item of this case's checklist (${[...t.checklist].join(', ') || 'no notice yet'}) nor a material code` }];
    }
    return [];
  }
  if (t.itemKey !== null && !FREE_REF.test(t.itemKey)) return [{ field: 'itemKey', message: 'at most 100 letters, digits or _:.-/' }];
  return [];
}

export function decideAttachment(command: AttachmentCommand, state: AttachmentsState): AttachmentEvent[] {
  const d = command.data;
  if (CLOSED.includes(d.caseStatus)) throw new IntakeRuleError('invalid_status', `The case is ${d.caseStatus}: its file takes no more attachments`);
  const problems = attachmentTargetProblems(d);
  if (problems.length > 0) throw new IntakeRuleError('invalid_attachment', 'The attachment cannot be filed there', problems);
  if (!/^[0-9a-f]{64}$/.test(d.digest)) throw new IntakeRuleError('invalid_attachment', 'The digest must be sha256 hex', [{ field: 'digest', message: 'must be 64 hex digits' }]);
  if (!Number.isSafeInteger(d.sizeBytes) || d.sizeBytes <= 0) throw new IntakeRuleError('empty_file', 'An empty file is not an attachment', [{ field: 'file', message: 'is empty' }]);
  if (!d.allowedMediaTypes.includes(d.mediaType)) {
    throw new IntakeRuleError('media_type_not_allowed', `Files of type ${d.mediaType} are not accepted`, [{ field: 'file', message: `type ${d.mediaType} is not one of ${d.allowedMediaTypes.join(', ')}` }]);
  }
  // The same bytes filed again against the same item: already recorded, nothing new.
  if (state.attachments.some((a) => a.digest === d.digest && a.kind === d.kind && a.itemKey === d.itemKey)) return [];
  return [
    {
      type: 'AttachmentUploaded',
      data: {
        attachmentId: d.attachmentId,
        caseId: d.caseId,
        kind: d.kind,
        itemKey: d.itemKey,
        digest: d.digest,
        sizeBytes: d.sizeBytes,
        mediaType: d.mediaType,
        fileName: d.fileName,
        storage: d.storage,
        uploadedBy: command.metadata.actor,
        uploadedAt: command.metadata.now,
      },
    },
  ];
}

export function evolveAttachments(state: AttachmentsState, event: AttachmentEvent): AttachmentsState {
  return event.type === 'AttachmentUploaded' ? { attachments: [...state.attachments, event.data] } : state;
}

export const attachmentDecider: Decider<AttachmentCommand, AttachmentEvent, AttachmentsState> = {
  decide: decideAttachment,
  evolve: evolveAttachments,
  initialState: initialAttachmentsState,
};

/** `attachment:<sha256>`: how a MaterialsSupplied document reference names an uploaded file. */
export const attachmentRef = (digest: string): string => `attachment:${digest}`;
