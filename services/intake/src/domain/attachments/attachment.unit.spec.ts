import { fold } from '@sa/decider';
import { attachmentDecider, attachmentTargetProblems, type AttachmentCommand, type AttachmentEvent } from './attachment';

const CASE = '2b1c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const DIGEST = 'a'.repeat(64);
const officer = { id: 'officer-community-001', role: 'community_officer', jurisdiction: '330106001001' };
const record = (d: Partial<AttachmentCommand['data']> = {}): AttachmentCommand => ({
  type: 'RecordAttachment',
  data: {
    caseId: CASE,
    attachmentId: '3c2d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    kind: 'MATERIAL',
    itemKey: 'SIGNED_COMMITMENT',
    caseStatus: 'AWAITING_MATERIALS',
    checklist: ['SIGNED_COMMITMENT', 'VERIFICATION_CONSENT:110101199003070000'],
    digest: DIGEST,
    sizeBytes: 1234,
    mediaType: 'application/pdf',
    allowedMediaTypes: ['application/pdf', 'image/jpeg'],
    fileName: '承诺书.pdf',
    storage: 'local',
    ...d,
  },
  metadata: { actor: officer, now: '2026-03-03T10:00:00+08:00' },
});
const given = (past: AttachmentEvent[]) => ({ when: (c: AttachmentCommand) => attachmentDecider.decide(c, fold(attachmentDecider, past)) });

describe('attachments of a case', () => {
  it('records a material against an item of the checklist with digest, size, sniffed type and uploader', () => {
    const events = given([]).when(record());
    expect(events).toEqual([
      {
        type: 'AttachmentUploaded',
        data: expect.objectContaining({ caseId: CASE, kind: 'MATERIAL', itemKey: 'SIGNED_COMMITMENT', digest: DIGEST, sizeBytes: 1234, mediaType: 'application/pdf', uploadedBy: officer, uploadedAt: '2026-03-03T10:00:00+08:00' }),
      },
    ]);
  });

  it('the same bytes filed again against the same item record nothing new', () => {
    const past = given([]).when(record());
    expect(given(past).when(record({ attachmentId: 'another' }))).toEqual([]);
    expect(given(past).when(record({ itemKey: 'VERIFICATION_CONSENT:110101199003070000' }))).toHaveLength(1);
  });

  it('refuses a material without an item, or with an item that is neither on the checklist nor a material code', () => {
    expect(() => given([]).when(record({ itemKey: null }))).toThrow(expect.objectContaining({ code: 'invalid_attachment' }));
    expect(() => given([]).when(record({ itemKey: 'PASSPORT' }))).toThrow(expect.objectContaining({ code: 'invalid_attachment' }));
    expect(given([]).when(record({ itemKey: 'IDENTITY_DOCUMENT:110101199003070000', checklist: [] }))).toHaveLength(1);
  });

  it('refuses an empty file and a type outside the allow-list', () => {
    expect(() => given([]).when(record({ sizeBytes: 0 }))).toThrow(expect.objectContaining({ code: 'empty_file' }));
    expect(() => given([]).when(record({ mediaType: 'application/x-msdownload' }))).toThrow(expect.objectContaining({ code: 'media_type_not_allowed' }));
  });

  it('a closed case takes no more attachments', () => {
    expect(() => given([]).when(record({ caseStatus: 'WITHDRAWN' }))).toThrow(expect.objectContaining({ code: 'invalid_status' }));
  });

  it('visit photos name what they belong to, not a checklist item', () => {
    expect(attachmentTargetProblems({ kind: 'VISIT_PHOTO', itemKey: 'visit-2026-03-04', checklist: [] })).toEqual([]);
    expect(attachmentTargetProblems({ kind: 'VISIT_PHOTO', itemKey: null, checklist: [] })).toEqual([]);
    expect(attachmentTargetProblems({ kind: 'VISIT_PHOTO', itemKey: '<script>', checklist: [] })).toEqual([expect.objectContaining({ field: 'itemKey' })]);
    expect(attachmentTargetProblems({ kind: 'SELFIE', itemKey: null, checklist: [] })).toEqual([expect.objectContaining({ field: 'kind' })]);
  });
});
