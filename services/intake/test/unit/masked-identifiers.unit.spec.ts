import { maskPersonalIdentifiers } from '../../src/applications/shared/application-view';

describe('maskPersonalIdentifiers: the identifiers of a view masked wherever they are', () => {
  it("masks the resident ID inside a material item's key and an attachment's itemKey, leaving other keys as they are", () => {
    const view = {
      materials: [{ key: 'VERIFICATION_CONSENT:330106199001011234', label: '核对授权书' }, { key: 'SIGNED_COMMITMENT', label: '承诺书' }],
      attachments: [
        { itemKey: 'IDENTITY_DOCUMENT:33010619900101123X', kind: 'MATERIAL' },
        { itemKey: 'visit-2026-03-04', kind: 'VISIT_PHOTO' },
        { itemKey: null, kind: 'SIGNED_FORM' },
      ],
      holderResidentId: '330106199001011234',
      phone: '13800001234',
    };
    expect(maskPersonalIdentifiers(view)).toEqual({
      materials: [{ key: 'VERIFICATION_CONSENT:330106********1234', label: '核对授权书' }, { key: 'SIGNED_COMMITMENT', label: '承诺书' }],
      attachments: [
        { itemKey: 'IDENTITY_DOCUMENT:330106********123X', kind: 'MATERIAL' },
        { itemKey: 'visit-2026-03-04', kind: 'VISIT_PHOTO' },
        { itemKey: null, kind: 'SIGNED_FORM' },
      ],
      holderResidentId: '330106********1234',
      phone: '*******1234',
    });
  });
});
