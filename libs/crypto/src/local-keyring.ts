import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { unwrapKey, wrapKey } from './cipher';
import { KeyProviderError, type KeyProvider, type WrappedKey } from './key-provider';

interface KeyringFile {
  format: 'sa-keyring/1';
  active: string;
  keks: { id: string; key: string; createdAt: string }[];
}

/**
 * Local keyring: the KEKs in a JSON file readable by its owner only (mode 0600), created on first
 * use. For development and tests; production refuses it unless explicitly allowed (see guards.ts).
 * The file is refused if its mode lets group or others read it.
 */
export class LocalKeyring implements KeyProvider {
  readonly kind = 'local-keyring' as const;
  private file: KeyringFile;

  constructor(private readonly path: string) {
    this.file = this.load();
  }

  private load(): KeyringFile {
    if (!existsSync(this.path)) {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      const id = newKekId();
      const file: KeyringFile = { format: 'sa-keyring/1', active: id, keks: [{ id, key: randomBytes(32).toString('base64'), createdAt: new Date().toISOString() }] };
      // Exclusive and atomic: five services starting together for the first time must end up with ONE
      // keyring (a plain rename would let the last writer win while the others keep a key nobody stored).
      const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
      writeFileSync(tmp, JSON.stringify(file, null, 2), { mode: 0o600 });
      chmodSync(tmp, 0o600);
      try {
        linkSync(tmp, this.path);
        return file;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // another process created it first: use theirs
      } finally {
        unlinkSync(tmp);
      }
    }
    const mode = statSync(this.path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new KeyProviderError(`keyring ${this.path} has mode ${mode.toString(8)}: it must be readable by its owner only (chmod 600)`);
    }
    const file = JSON.parse(readFileSync(this.path, 'utf8')) as KeyringFile;
    if (file.format !== 'sa-keyring/1' || !file.keks.some((k) => k.id === file.active)) {
      throw new KeyProviderError(`keyring ${this.path} is not a valid sa-keyring/1 file`);
    }
    return file;
  }

  private save(file: KeyringFile): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(file, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }

  private kek(id: string): Buffer {
    // A key another process added (rotation) since this one loaded the file: reload once.
    if (!this.file.keks.some((x) => x.id === id) && existsSync(this.path)) this.file = this.load();
    const k = this.file.keks.find((x) => x.id === id);
    if (!k) throw new KeyProviderError(`key-encryption key ${id} is not in the keyring`);
    // One Buffer per key: cipher.ts caches the working keys derived from a key by its Buffer (three HMAC-SM3 per wrap otherwise).
    let b = this.kekBuffers.get(id);
    if (!b || b.toString('base64') !== k.key) this.kekBuffers.set(id, (b = Buffer.from(k.key, 'base64')));
    return b;
  }

  private readonly kekBuffers = new Map<string, Buffer>();

  async activeKekId(): Promise<string> {
    return this.file.active;
  }

  async kekIds(): Promise<string[]> {
    return this.file.keks.map((k) => k.id);
  }

  async wrap(dataKey: Buffer, label: string): Promise<WrappedKey> {
    const kekId = this.file.active;
    return { kekId, wrapped: wrapKey(this.kek(kekId), kekId, dataKey, label) };
  }

  async unwrap(key: WrappedKey, label: string): Promise<Buffer> {
    try {
      return unwrapKey(this.kek(key.kekId), key.kekId, key.wrapped, label);
    } catch (err) {
      if (err instanceof KeyProviderError) throw err;
      throw new KeyProviderError(`cannot unwrap with ${key.kekId}: ${(err as Error).message}`);
    }
  }

  async rotate(): Promise<string> {
    this.file = this.load(); // another process may have rotated
    const id = newKekId();
    const file: KeyringFile = {
      ...this.file,
      active: id,
      keks: [...this.file.keks, { id, key: randomBytes(32).toString('base64'), createdAt: new Date().toISOString() }],
    };
    this.save(file);
    this.file = file;
    return id;
  }

  async retire(kekId: string): Promise<void> {
    if (kekId === this.file.active) throw new KeyProviderError('the active key-encryption key cannot be retired');
    const file = { ...this.file, keks: this.file.keks.filter((k) => k.id !== kekId) };
    this.save(file);
    this.file = file;
  }

  async close(): Promise<void> {}
}

/** `kek-<UTC yyyymmddhhmmssSSS>-<random>`: ids sort by creation time (the PKCS#11 adapter's newest is active). */
export function newKekId(): string {
  return `kek-${new Date().toISOString().replace(/[^0-9]/g, '')}-${randomBytes(4).toString('hex')}`;
}
