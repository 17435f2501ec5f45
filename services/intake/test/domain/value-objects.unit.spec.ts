import {
  ageOn,
  checkResidentId,
  isMaskedResidentId,
  isValidBankAccountNumber,
  maskBankAccountNumber,
  maskResidentId,
  residentIdCheckCharacter,
} from '../../src/domain';
import { shanghaiDate } from '@sa/time';
import { residentId, withWrongCheckDigit } from '../support/fixtures';

describe('resident ID (GB 11643)', () => {
  it('accepts an 18-character ID whose check digit matches', () => {
    // The standard's own example: 11010519491231002X.
    expect(checkResidentId('11010519491231002X')).toEqual({
      valid: true,
      residentId: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'FEMALE',
    });
  });

  it('computes X as the check character when the remainder is 2', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });

  it('accepts a lower-case x and normalises it', () => {
    const check = checkResidentId('11010519491231002x');
    expect(check.valid && check.residentId).toBe('11010519491231002X');
  });

  it('refuses a wrong check digit', () => {
    expect(checkResidentId(withWrongCheckDigit(residentId('330106', '19800315', '001')))).toMatchObject({
      valid: false,
      problem: 'CHECK_DIGIT',
    });
  });

  it('refuses a birth date that does not exist (30 February)', () => {
    const first17 = '33010619800230001';
    expect(checkResidentId(`${first17}${residentIdCheckCharacter(first17)}`)).toMatchObject({ valid: false, problem: 'BIRTH_DATE' });
  });

  it('refuses a birth date after today', () => {
    expect(checkResidentId(residentId('330106', '20300101', '001'), '2026-03-02')).toMatchObject({
      valid: false,
      problem: 'BIRTH_DATE',
    });
  });

  it('refuses other lengths and characters', () => {
    expect(checkResidentId('3301061980031500')).toMatchObject({ valid: false, problem: 'LENGTH' });
    expect(checkResidentId('33010619800315A01X')).toMatchObject({ valid: false, problem: 'CHARACTERS' });
    expect(checkResidentId(12345)).toMatchObject({ valid: false, problem: 'LENGTH' });
  });

  it('is masked to the first four and last four characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
    expect(isMaskedResidentId('1101**********002X')).toBe(true);
    expect(isMaskedResidentId('11010519491231002X')).toBe(false);
  });

  it('gives the age in whole years on a date, turning a year older on the birthday', () => {
    const id = residentId('330106', '20080302', '001');
    expect(ageOn(id, '2026-03-01')).toBe(17);
    expect(ageOn(id, '2026-03-02')).toBe(18);
  });

  it('counts a 29 February birthday on 1 March in other years', () => {
    const id = residentId('330106', '20080229', '001');
    expect(ageOn(id, '2026-02-28')).toBe(17);
    expect(ageOn(id, '2026-03-01')).toBe(18);
  });
});

describe('dates in Asia/Shanghai', () => {
  it('takes the calendar date at UTC+08:00', () => {
    expect(shanghaiDate('2026-03-01T16:30:00Z')).toBe('2026-03-02');
    expect(shanghaiDate('2026-03-01T15:59:59Z')).toBe('2026-03-01');
  });
});

describe('bank account', () => {
  it('accepts 12 to 30 digits, with spaces typed by officers removed', () => {
    expect(isValidBankAccountNumber('6228 4804 0256 4890 018')).toBe(true);
    expect(isValidBankAccountNumber('62284804')).toBe(false);
    expect(isValidBankAccountNumber('6228480402564890O18')).toBe(false);
  });

  it('is masked to the first four and last four digits', () => {
    expect(maskBankAccountNumber('6228480402564890018')).toBe('6228***********0018');
  });
});
