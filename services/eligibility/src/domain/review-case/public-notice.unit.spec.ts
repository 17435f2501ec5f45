import { assertNoPersonalData, chineseDate, maskName } from './public-notice';

describe('masking in public notices', () => {
  it('shows the surname followed by 某, never the given name', () => {
    expect(maskName('张伟')).toBe('张某');
    expect(maskName('欧阳娜娜')).toBe('欧阳某');
    expect(maskName('司马')).toBe('司某');
    expect(maskName(' ')).toBe('某');
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
