import { randomBytes } from 'node:crypto';
import { CiphertextError, decryptString, encryptString, parseCiphertext } from '../src/cipher';

describe('field ciphers', () => {
  const key = randomBytes(32);
  for (const suite of ['s4', 'a2'] as const) {
    it(`${suite}: round-trips, names suite and key, and keeps clear text out of the ciphertext`, () => {
      const ct = encryptString('"张三 110101199003077777"', key, 'case-1~1', suite, 'evt|form.name');
      expect(ct).not.toContain('张三');
      expect(ct).not.toContain('110101199003077777');
      expect(parseCiphertext(ct)).toMatchObject({ suite, keyId: 'case-1~1' });
      expect(decryptString(ct, key, 'evt|form.name')).toBe('"张三 110101199003077777"');
    });

    it(`${suite}: is deterministic in one context (idempotent appends) and differs across contexts`, () => {
      const a = encryptString('x', key, 'k~1', suite, 'e1|p');
      expect(encryptString('x', key, 'k~1', suite, 'e1|p')).toBe(a);
      expect(encryptString('x', key, 'k~1', suite, 'e2|p')).not.toBe(a);
    });

    it(`${suite}: refuses another context, another key and a tampered ciphertext`, () => {
      const ct = encryptString('secret', key, 'k~1', suite, 'e1|p');
      expect(() => decryptString(ct, key, 'e1|q')).toThrow(CiphertextError);
      expect(() => decryptString(ct, randomBytes(32), 'e1|p')).toThrow(CiphertextError);
      const body = parseCiphertext(ct).body;
      body[body.length - 20] ^= 1;
      const tampered = `sa1.${suite}.k~1.${body.toString('base64url')}`;
      expect(() => decryptString(tampered, key, 'e1|p')).toThrow(CiphertextError);
    });
  }
});
