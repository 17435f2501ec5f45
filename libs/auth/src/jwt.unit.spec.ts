import * as http from 'node:http';
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

describe('token verification with a JWKS (the identity provider)', () => {
  let server: import('node:http').Server;
  let url: string;
  let keys: Record<string, unknown>[] = [];
  let fetches = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/certs`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function keyPair(kid: string) {
    const { exportJWK } = await import('jose');
    const pair = await generateKeyPair('RS256');
    return { ...pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' } };
  }
  const keycloakToken = (claims: Record<string, unknown>) =>
    new SignJWT({ realm_access: { roles: ['default-roles-social-assistance', 'offline_access', 'street_officer'] }, jurisdiction: '330106001', preferred_username: 'officer-330106001', ...claims })
      .setSubject('f3b1c2d4')
      .setIssuer(ISSUER)
      .setAudience(['social-assistance', 'account'])
      .setExpirationTime('5m');

  it("accepts the provider's tokens, keeps the project's roles, caches keys and refetches on an unknown kid", async () => {
    const first = await keyPair('k1');
    keys = [first.jwk];
    const verifier = await createTokenVerifier({ jwksUrl: url, jwksCooldownMs: 0, issuer: ISSUER, audience: AUDIENCE });
    const token = await keycloakToken({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(first.privateKey);
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'f3b1c2d4', roles: ['street_officer'], jurisdiction: '330106001', name: 'officer-330106001' });
    await verifier.verify(token);
    expect(fetches).toBe(1);

    // Key rotation: a token signed with a new kid makes the verifier fetch the set again.
    const second = await keyPair('k2');
    keys = [first.jwk, second.jwk];
    const rotated = await keycloakToken({ roles: ['street_reviewer'] }).setProtectedHeader({ alg: 'RS256', kid: 'k2' }).sign(second.privateKey);
    await expect(verifier.verify(rotated)).resolves.toMatchObject({ roles: ['street_reviewer'] });
    expect(fetches).toBe(2);
  });

  it('refuses alg none, HS256, a tampered payload, a foreign signature and another audience', async () => {
    const own = await keyPair('k1');
    const foreign = await keyPair('k1');
    keys = [own.jwk];
    const verifier = await createTokenVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE });
    const good = await keycloakToken({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(own.privateKey);
    const [header, payload, signature] = good.split('.');
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${b64({ ...claims, jurisdiction: '330106' })}.${signature}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const hs = await keycloakToken({}).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode('x'.repeat(40)));
    const forged = await keycloakToken({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(foreign.privateKey);
    const otherAudience = await keycloakToken({}).setAudience('account').setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(own.privateKey);
    for (const token of [tampered, none, hs, forged, otherAudience]) {
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    }
    await expect(verifier.verify(good)).resolves.toMatchObject({ jurisdiction: '330106001' });
  });
});
