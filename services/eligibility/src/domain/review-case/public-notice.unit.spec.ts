import { assertNoPersonalData, chineseDate, publicNoticeText } from './public-notice';
import type { InitialOpinion } from './case-file';

describe('masking in public notices', () => {
  it('names the applicant by the one 公示 mask (surname + 某, compound surnames whole), never the given name', () => {
    const opinion = { proposal: 'REFUSE', assessment: null } as unknown as InitialOpinion;
    const text = (applicantName: string) =>
      publicNoticeText({ caseNumber: '330106-2026-000131', program: 'MINIMUM_LIVING_ALLOWANCE', applicantName, householdSize: 1, opinion, postedOn: '2026-03-06', lastDay: '2026-03-12', days: 7, location: '某社区居务公开栏' });
    expect(text('欧阳娜娜')).toContain('申请人：欧阳某；');
    expect(text('欧阳娜娜')).not.toContain('娜娜');
    expect(text('张伟')).toContain('申请人：张某；');
  });

  it('refuses resident IDs, phone numbers and account numbers in officer-typed text', () => {
    expect(() => assertNoPersonalData('330106198003121235', 'location')).toThrow(/resident ID/);
    expect(() => assertNoPersonalData('电话 138-1234-5678', 'location')).toThrow(/phone/);
    expect(() => assertNoPersonalData('6222 0212 3456 7890', 'location')).toThrow(/account/);
    expect(() => assertNoPersonalData('某社区居务公开栏（3号楼东侧）', 'location')).not.toThrow();
  });

  it('writes dates the Chinese way', () => {
    expect(chineseDate('2026-03-06')).toBe('2026年3月6日');
  });
});
