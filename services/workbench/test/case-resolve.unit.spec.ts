/** 审计's case field (`auditCase` = `resolveCaseRef` over GET /audit/cases): a typed 案件编号 resolved by the audit service (padded first), a link's id as it is, 404 → null. */
import { ApiError } from '../web/src/api-error';

import { resolveCaseRef } from '../web/src/case-ref';

const get = jest.fn();
const auditCase = (text: string) => resolveCaseRef(text, (caseNumber) => get('audit', '/audit/cases', { caseNumber }));

beforeEach(() => get.mockReset());

describe('auditCase', () => {
  it('resolves a case number (a short sequence padded) through GET /audit/cases', async () => {
    get.mockResolvedValue({ caseId: '5d1c9a8e-2b3f-4c6d-8e7f-9a0b1c2d3e4f', caseNumber: '330106-2026-000123', jurisdiction: '330106001' });
    await expect(auditCase(' 330106-2026-123 ')).resolves.toEqual({ caseId: '5d1c9a8e-2b3f-4c6d-8e7f-9a0b1c2d3e4f', caseNumber: '330106-2026-000123' });
    expect(get).toHaveBeenCalledWith('audit', '/audit/cases', { caseNumber: '330106-2026-000123' });
  });

  it('takes a link’s case id as it is, without a request', async () => {
    await expect(auditCase('5D1C9A8E-2B3F-4C6D-8E7F-9A0B1C2D3E4F')).resolves.toEqual({ caseId: '5d1c9a8e-2b3f-4c6d-8e7f-9a0b1c2d3e4f', caseNumber: null });
    expect(get).not.toHaveBeenCalled();
  });

  it('null when no case has the number or the text is no case number; a 403 is thrown', async () => {
    get.mockRejectedValueOnce(new ApiError(404, 'Not Found', 'No case has the number', [], {}));
    await expect(auditCase('330106-2026-999999')).resolves.toBeNull();
    await expect(auditCase('abc')).resolves.toBeNull();
    get.mockRejectedValueOnce(new ApiError(403, 'Outside your jurisdiction', '', [], {}));
    await expect(auditCase('330105-2026-000001')).rejects.toMatchObject({ status: 403 });
  });
});
