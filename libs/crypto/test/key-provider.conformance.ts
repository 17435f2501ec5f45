import { randomBytes } from 'node:crypto';
import type { KeyProvider } from '../src/key-provider';

/** One suite for every KeyProvider adapter (local keyring, PKCS#11/SoftHSM2). */
export function keyProviderConformance(name: string, open: () => Promise<KeyProvider>): void {
  describe(`KeyProvider conformance: ${name}`, () => {
    let provider: KeyProvider;
    beforeAll(async () => {
      provider = await open();
    });
    afterAll(async () => provider?.close());

    it('wraps and unwraps a data key; the wrapped form is not the key', async () => {
      const key = randomBytes(32);
      const w = await provider.wrap(key, 'case-a~1');
      expect(w.kekId).toBe(await provider.activeKekId());
      expect(w.wrapped.includes(key)).toBe(false);
      expect((await provider.unwrap(w, 'case-a~1')).equals(key)).toBe(true);
    });

    it('refuses to unwrap under another label or after tampering', async () => {
      const w = await provider.wrap(randomBytes(32), 'case-b~1');
      await expect(provider.unwrap(w, 'case-c~1')).rejects.toThrow();
      const bad = Buffer.from(w.wrapped);
      bad[bad.length - 1] ^= 1;
      await expect(provider.unwrap({ kekId: w.kekId, wrapped: bad }, 'case-b~1')).rejects.toThrow();
    });

    it('rotates: new keys use the new KEK, old wrapped keys still unwrap until the old KEK is retired', async () => {
      const key = randomBytes(32);
      const old = await provider.wrap(key, 'case-d~1');
      const next = await provider.rotate();
      expect(next).not.toBe(old.kekId);
      expect(await provider.activeKekId()).toBe(next);
      expect((await provider.unwrap(old, 'case-d~1')).equals(key)).toBe(true);
      const rewrapped = await provider.wrap(key, 'case-d~1');
      expect(rewrapped.kekId).toBe(next);
      await provider.retire(old.kekId);
      expect(await provider.kekIds()).not.toContain(old.kekId);
      await expect(provider.unwrap(old, 'case-d~1')).rejects.toThrow();
      expect((await provider.unwrap(rewrapped, 'case-d~1')).equals(key)).toBe(true);
      await expect(provider.retire(next)).rejects.toThrow();
    });
  });
}
