import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { InvalidTokenError, createTokenVerifier, jurisdictionCovers, signAccessToken } from '@sa/auth';

const ISSUER = 'https://idp.example.gov.cn';
const AUDIENCE = 'social-assistance';

describe('token verification', () => {
  it('verifies ES256 tokens with a PEM public key (newlines may be escaped), and refuses HS256 then', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const pem = (await exportSPKI(publicKey)).replace(/\n/g, '\\n');
    const verifier = await createTokenVerifier({ publicKey: pem, publicKeyAlgorithm: 'ES256', issuer: ISSUER, audience: AUDIENCE });
    const token = await new SignJWT({ roles: ['county_approver'], jurisdiction: '330106', name: '审批人' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('approver-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'approver-1',
      roles: ['county_approver'],
      jurisdiction: '330106',
      name: '审批人',
    });

    const hs = await signAccessToken(
      { sub: 'x', roles: ['auditor'], jurisdiction: '330106' },
      { secret: 'some-secret-of-at-least-32-characters!!', issuer: ISSUER, audience: AUDIENCE },
    );
    await expect(verifier.verify(hs)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses unknown roles and tokens without expiry', async () => {
    const secret = 'some-secret-of-at-least-32-characters!!';
    const verifier = await createTokenVerifier({ secret, issuer: ISSUER, audience: AUDIENCE });
    const key = new TextEncoder().encode(secret);
    const base = () => new SignJWT({ roles: ['root'], jurisdiction: '330106' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE);
    await expect(verifier.verify(await base().setExpirationTime('5m').sign(key))).rejects.toThrow('"roles"');
    await expect(verifier.verify(await base().sign(key))).rejects.toThrow(InvalidTokenError);
  });
});

describe('jurisdiction', () => {
  it.each([
    ['330106', '330106001001', true],
    ['330106001', '330106001', true],
    ['330106001', '330106002001', false],
    ['330106001001', '330106001', false],
    ['330106', '3301060', false],
  ])('%s covers %s: %s', (scope, code, expected) => {
    expect(jurisdictionCovers(scope, code)).toBe(expected);
  });
});
