import { isValidResidentId, maskResidentId, residentIdCheckChar } from '@sa/contracts';

describe('resident identity numbers (GB 11643)', () => {
  it('computes the check character and accepts only real dates with the right one', () => {
    const first17 = '33010619900101123';
    const id = first17 + residentIdCheckChar(first17);
    expect(isValidResidentId(id)).toBe(true);
    const wrong = first17 + (id[17] === '0' ? '1' : '0');
    expect(isValidResidentId(wrong)).toBe(false);
    expect(isValidResidentId('330106199002301234')).toBe(false); // 30 February
  });

  it('masks to the first four and last four characters, upper-casing a trailing x', () => {
    expect(maskResidentId('330106199001011234')).toBe('3301**********1234');
    expect(maskResidentId(' 33010619900101123x ')).toBe('3301**********123X');
  });

  it('masks anything that is not 18 characters entirely', () => {
    expect(maskResidentId('12345')).toBe('*****');
    expect(maskResidentId('')).toBe('*');
  });
});
