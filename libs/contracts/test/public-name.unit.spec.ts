import { maskName } from '@sa/contracts';

describe('the 公示 name mask (one rule for every notice, list and read model)', () => {
  it('shows the surname followed by 某, never the given name', () => {
    expect(maskName('张伟')).toBe('张某');
    expect(maskName('张三丰')).toBe('张某');
    expect(maskName(' 李娜 ')).toBe('李某');
  });

  it('keeps a compound surname (复姓) whole', () => {
    expect(maskName('欧阳娜娜')).toBe('欧阳某');
    expect(maskName('司马懿')).toBe('司马某');
    expect(maskName('诸葛亮')).toBe('诸葛某');
  });

  it('a name that is only the compound surname (a one-character given name cut off) keeps the first character; blank is 某', () => {
    expect(maskName('司马')).toBe('司某');
    expect(maskName(' ')).toBe('某');
    expect(maskName('')).toBe('某');
  });

  it('a surname outside the Basic Multilingual Plane stays one character', () => {
    expect(maskName('𠮷田')).toBe('𠮷某');
  });
});
