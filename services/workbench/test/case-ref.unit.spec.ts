/** The complaint form's 案件: a case number (padded) or the id a link carried; anything else refused in Chinese. */
import { caseRefOf } from '../web/src/search';

describe('案件 named in a form', () => {
  it.each([
    ['330106-2026-000123', { caseNumber: '330106-2026-000123' }],
    [' 330106-2026-123 ', { caseNumber: '330106-2026-000123' }],
    ['5D1C9A8E-2B3F-4C6D-8E7F-9A0B1C2D3E4F', { caseId: '5d1c9a8e-2b3f-4c6d-8e7f-9a0b1c2d3e4f' }],
  ])('%p → %p', (text, ref) => expect(caseRefOf(text)).toEqual(ref));

  it.each(['', '   ', '3301**********123X', '330106198001010011', 'abc'])('refuses %p on the field, in Chinese', (text) => {
    const r = caseRefOf(text);
    expect('error' in r && /案件编号/.test(r.error)).toBe(true);
  });
});
