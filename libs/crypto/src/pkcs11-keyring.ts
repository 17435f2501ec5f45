import { randomBytes } from 'node:crypto';
import { KeyProviderError, type KeyProvider, type WrappedKey } from './key-provider';
import { newKekId } from './local-keyring';

// pkcs11js is an optional dependency (a native module built by node-gyp): loaded only when this adapter is used.
type Pkcs11Module = typeof import('pkcs11js');
type Handle = Buffer;

export interface Pkcs11KeyringOptions {
  /** Path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  tokenLabel: string;
  pin: string;
}

/**
 * Key-encryption keys inside a hardware security module, through PKCS#11. Each KEK is an AES-256
 * secret-key object on the token, labelled with its id, generated on the token, sensitive and not
 * extractable: the keys never leave the module, only data keys go in and out (wrapped with
 * CKM_AES_GCM, the label as associated data, a fresh 96-bit IV per wrap).
 *
 * SM4 is not a PKCS#11 standard mechanism (HSMs certified by the 国家密码管理局 expose it as a
 * vendor mechanism) and SoftHSM2 does not implement it; the field ciphers stay SM4 either way,
 * only the wrapping of the data keys inside the module uses the token's AES. The active KEK is the
 * newest (ids sort by creation time).
 */
export class Pkcs11Keyring implements KeyProvider {
  readonly kind = 'pkcs11' as const;
  private readonly p11: Pkcs11Module;
  private readonly lib: InstanceType<Pkcs11Module['PKCS11']>;
  private readonly session: Handle;
  private readonly handles = new Map<string, Handle>();

  constructor(options: Pkcs11KeyringOptions) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      this.p11 = require('pkcs11js') as Pkcs11Module;
    } catch (err) {
      throw new KeyProviderError(`KEY_PROVIDER=pkcs11 needs the optional dependency pkcs11js (npm install pkcs11js): ${(err as Error).message}`);
    }
    const p = this.p11;
    this.lib = new p.PKCS11();
    this.lib.load(options.module);
    try {
      this.lib.C_Initialize();
    } catch (err) {
      if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test((err as Error).message)) throw err;
    }
    const slot = this.lib
      .C_GetSlotList(true)
      .find((s) => this.lib.C_GetTokenInfo(s).label.replace(/[\s\0]+$/, '') === options.tokenLabel);
    if (!slot) throw new KeyProviderError(`no PKCS#11 token labelled ${options.tokenLabel} in ${options.module}`);
    this.session = this.lib.C_OpenSession(slot, p.CKF_RW_SESSION | p.CKF_SERIAL_SESSION);
    try {
      this.lib.C_Login(this.session, p.CKU_USER, options.pin);
    } catch (err) {
      if (!/CKR_USER_ALREADY_LOGGED_IN/.test((err as Error).message)) {
        throw new KeyProviderError(`PKCS#11 login to ${options.tokenLabel} failed: ${(err as Error).message}`);
      }
    }
    if (this.listKeks().length === 0) this.generate(newKekId());
  }

  private listKeks(): string[] {
    const p = this.p11;
    this.lib.C_FindObjectsInit(this.session, [
      { type: p.CKA_CLASS, value: p.CKO_SECRET_KEY },
      { type: p.CKA_TOKEN, value: true },
    ]);
    const found = this.lib.C_FindObjects(this.session, 10_000);
    this.lib.C_FindObjectsFinal(this.session);
    const ids: string[] = [];
    for (const h of found) {
      const [label] = this.lib.C_GetAttributeValue(this.session, h, [{ type: p.CKA_LABEL }]);
      const id = label?.value.toString('utf8') ?? '';
      if (id.startsWith('kek-')) {
        ids.push(id);
        this.handles.set(id, h);
      }
    }
    return ids.sort();
  }

  private generate(id: string): void {
    const p = this.p11;
    const h = this.lib.C_GenerateKey(this.session, { mechanism: p.CKM_AES_KEY_GEN }, [
      { type: p.CKA_CLASS, value: p.CKO_SECRET_KEY },
      { type: p.CKA_KEY_TYPE, value: p.CKK_AES },
      { type: p.CKA_TOKEN, value: true },
      { type: p.CKA_PRIVATE, value: true },
      { type: p.CKA_LABEL, value: id },
      { type: p.CKA_VALUE_LEN, value: 32 },
      { type: p.CKA_ENCRYPT, value: true },
      { type: p.CKA_DECRYPT, value: true },
      { type: p.CKA_SENSITIVE, value: true },
      { type: p.CKA_EXTRACTABLE, value: false },
    ]);
    this.handles.set(id, h);
  }

  private handle(id: string): Handle {
    let h = this.handles.get(id);
    if (!h) {
      this.listKeks();
      h = this.handles.get(id);
    }
    if (!h) throw new KeyProviderError(`key-encryption key ${id} is not on the token`);
    return h;
  }

  async activeKekId(): Promise<string> {
    const ids = this.listKeks();
    const last = ids[ids.length - 1];
    if (!last) throw new KeyProviderError('the token holds no key-encryption key');
    return last;
  }

  async kekIds(): Promise<string[]> {
    return this.listKeks();
  }

  private gcm(iv: Buffer, label: string) {
    return { mechanism: this.p11.CKM_AES_GCM, parameter: { type: this.p11.CK_PARAMS_AES_GCM, iv, aad: Buffer.from(label, 'utf8'), ivBits: 96, tagBits: 128 } };
  }

  async wrap(dataKey: Buffer, label: string): Promise<WrappedKey> {
    const kekId = await this.activeKekId();
    const iv = randomBytes(12);
    this.lib.C_EncryptInit(this.session, this.gcm(iv, `${kekId}|${label}`), this.handle(kekId));
    const out = this.lib.C_Encrypt(this.session, dataKey, Buffer.alloc(dataKey.length + 16));
    return { kekId, wrapped: Buffer.concat([iv, out]) };
  }

  async unwrap(key: WrappedKey, label: string): Promise<Buffer> {
    const h = this.handle(key.kekId);
    const iv = key.wrapped.subarray(0, 12);
    const body = key.wrapped.subarray(12);
    try {
      this.lib.C_DecryptInit(this.session, this.gcm(Buffer.from(iv), `${key.kekId}|${label}`), h);
      return Buffer.from(this.lib.C_Decrypt(this.session, Buffer.from(body), Buffer.alloc(body.length)));
    } catch (err) {
      throw new KeyProviderError(`cannot unwrap with ${key.kekId}: ${(err as Error).message}`);
    }
  }

  async rotate(): Promise<string> {
    const id = newKekId();
    this.generate(id);
    return id;
  }

  async retire(kekId: string): Promise<void> {
    if (kekId === (await this.activeKekId())) throw new KeyProviderError('the active key-encryption key cannot be retired');
    this.lib.C_DestroyObject(this.session, this.handle(kekId));
    this.handles.delete(kekId);
  }

  async close(): Promise<void> {
    try {
      this.lib.C_Logout(this.session);
      this.lib.C_CloseSession(this.session);
      this.lib.C_Finalize();
    } catch {
      // already closed
    }
  }
}
