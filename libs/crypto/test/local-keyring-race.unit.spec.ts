import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyring } from '../src/local-keyring';

describe('local keyring shared by several services', () => {
  it('five services on one keyring path share one key-encryption key', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sa-keyring-race-')), 'keys', 'keyring.json');
    const rings = Array.from({ length: 5 }, () => new LocalKeyring(path));
    const active = await Promise.all(rings.map((r) => r.activeKekId()));
    expect(new Set(active).size).toBe(1);
    const w = await rings[0]!.wrap(randomBytes(32), 'case-x~1');
    for (const r of rings) await expect(r.unwrap(w, 'case-x~1')).resolves.toHaveLength(32);
  });

  it('sees a key-encryption key another process added by rotation', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sa-keyring-rot-')), 'keyring.json');
    const service = new LocalKeyring(path);
    const admin = new LocalKeyring(path);
    await admin.rotate();
    const w = await admin.wrap(randomBytes(32), 'case-y~1');
    await expect(service.unwrap(w, 'case-y~1')).resolves.toHaveLength(32);
  });
});
