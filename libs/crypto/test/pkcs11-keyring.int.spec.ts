import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Pkcs11Keyring } from '../src/pkcs11-keyring';
import { keyProviderConformance } from './key-provider.conformance';

// SoftHSM2 (Debian package softhsm2; CI installs it through deploy/softhsm/token.sh).
// A jest worker cannot set the native environment (SOFTHSM2_CONF), so the token goes into the
// system's token directory under a label unique to this run.
const label = `sa-test-${randomBytes(4).toString('hex')}`;
const exports = execFileSync('bash', [join(__dirname, '../../../deploy/softhsm/token.sh'), '-', label, 'test-pin-7731'], { encoding: 'utf8' });
const vars = Object.fromEntries(
  exports
    .replace(/^export /, '')
    .trim()
    .split(' ')
    .map((kv) => kv.split('=') as [string, string]),
);

describe('SoftHSM2 module', () => {
  it('is installed', () => expect(existsSync(vars.PKCS11_MODULE ?? '')).toBe(true));
});

keyProviderConformance('PKCS#11 (SoftHSM2)', async () => new Pkcs11Keyring({ module: vars.PKCS11_MODULE!, tokenLabel: label, pin: 'test-pin-7731' }));
