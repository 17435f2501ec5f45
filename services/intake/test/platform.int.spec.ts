/**
 * The platform as the intake service runs it: real AppModule, real PostgreSQL (own schema, dropped
 * afterwards), real Kafka for readiness, real JWT verification. In-process (supertest).
 */
import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles, assertJurisdiction, signAccessToken } from '@sa/auth';
import { DEFAULT_TEST_DATABASE_URL } from '@sa/database';
import { DomainError } from '@sa/errors';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestApp } from '@sa/platform';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintLocalToken } from '../../../deploy/auth/mint-token';
import { AppModule } from '../src/app.module';
import { INTAKE_CONFIG_SPEC } from '../src/config';

jest.setTimeout(60_000);

const SECRET = 'intake-platform-test-secret-0123456789abcdef';
const DATABASE_URL = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
const SCHEMA = `intake_test_${randomBytes(4).toString('hex')}`;
const RESIDENT_ID = '33010619900101123X';
const METRICS_TOKEN = 'platform-test-metrics-token-0123';

class MemberDto {
  @ApiProperty() @IsString() name!: string;
  @ApiProperty() @Matches(/^\d{17}[\dX]$/, { message: 'residentId must be an 18-character resident id' }) residentId!: string;
}
class HouseholdDto {
  @ApiProperty({ type: [MemberDto] }) @ValidateNested({ each: true }) @Type(() => MemberDto) @ArrayMinSize(1) members!: MemberDto[];
}
class ApplicationDemoDto {
  @ApiProperty() @ValidateNested() @Type(() => HouseholdDto) household!: HouseholdDto;
  @ApiProperty({ required: false }) @IsOptional() @IsString() note?: string;
}

class WrongExpectedRevisionError extends Error {
  constructor() {
    super('Wrong expected revision on stream application-1: expected 1, actual 2');
    this.name = 'WrongExpectedRevisionError';
  }
}

@Controller('platform-demo')
class PlatformDemoController {
  @Post('applications')
  @Roles('community_officer')
  create(@Body() dto: ApplicationDemoDto, @CurrentActor() actor: Actor) {
    return { members: dto.household.members.length, by: actor.id };
  }

  @Get('resources/outside')
  loadOutside(@CurrentActor() actor: Actor) {
    assertJurisdiction(actor, '330106002003'); // a resource of another community
    return {};
  }

  @Get('rule')
  rule() {
    throw new DomainError('PUBLIC_NOTICE_NOT_ENDED', 'The public notice ends on 2025-02-10.', { field: 'decidedAt' });
  }

  @Get('conflict')
  conflict() {
    throw new WrongExpectedRevisionError();
  }

  @Get('crash')
  crash() {
    throw new Error(`lookup failed for ${RESIDENT_ID} at /srv/app/secret-internals.ts:42`);
  }
}

const token = (role: Parameters<typeof mintLocalToken>[0], options: Parameters<typeof mintLocalToken>[1] = {}) =>
  mintLocalToken(role, { secret: SECRET, ...options });

function expectProblem(res: request.Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^urn:sa:problem:/), title: expect.any(String) });
  expect(res.body.correlationId).toEqual(res.headers['x-correlation-id']);
}

afterAll(async () => {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await client.end();
});

describe('intake platform (real PostgreSQL, real Kafka)', () => {
  let app: NestExpressApplication;
  const logLines: string[] = [];

  beforeAll(async () => {
    ({ app } = await createTestApp({
      name: 'intake',
      configSpec: INTAKE_CONFIG_SPEC,
      imports: [AppModule],
      controllers: [PlatformDemoController],
      env: { JWT_SECRET: SECRET, DATABASE_URL, DATABASE_SCHEMA: SCHEMA, BODY_LIMIT: '2kb', LOG_LEVEL: 'info', METRICS_TOKEN: METRICS_TOKEN },
      logDestination: { write: (line: string) => void logLines.push(line) },
    }));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates its schema on start-up', async () => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [SCHEMA]);
    await client.end();
    expect(rowCount).toBe(1);
  });

  describe('authentication', () => {
    it('401 without a token, with a Bearer challenge', async () => {
      const res = await request(app.getHttpServer()).get('/whoami');
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('401 with a token signed by another key', async () => {
      const forged = await mintLocalToken('county_approver', { secret: 'another-secret-that-is-long-enough-000000' });
      const res = await request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${forged}`);
      expectProblem(res, 401);
      expect(res.body.detail).toBe('The access token is not valid.');
    });

    it('401 with an expired token or one for another audience', async () => {
      const expired = await token('street_officer', { expiresIn: -120 });
      expectProblem(await request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${expired}`), 401);
      const foreign = await token('street_officer', { audience: 'some-other-system' });
      expectProblem(await request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${foreign}`), 401);
    });

    it('401 when the claims are not the platform\'s (no jurisdiction)', async () => {
      const odd = await signAccessToken(
        { sub: 'x', roles: ['auditor'], jurisdiction: '33' },
        { secret: SECRET, issuer: 'sa-local-idp', audience: 'social-assistance' },
      );
      const res = await request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${odd}`);
      expectProblem(res, 401);
      expect(res.body.detail).toContain('jurisdiction');
    });

    it('returns the current actor with a valid token', async () => {
      const res = await request(app.getHttpServer())
        .get('/whoami')
        .set('Authorization', `Bearer ${await token('street_officer', { sub: 'officer-7', extraRoles: ['street_reviewer'] })}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: 'officer-7',
        role: 'street_officer',
        roles: ['street_officer', 'street_reviewer'],
        jurisdiction: '330106001',
      });
    });
  });

  describe('authorization', () => {
    it('403 problem for a role the route does not accept', async () => {
      const res = await request(app.getHttpServer())
        .get('/intake/jurisdictions/330106001001/ping')
        .set('Authorization', `Bearer ${await token('disbursement_officer')}`);
      expectProblem(res, 403);
      expect(res.body.type).toBe('urn:sa:problem:forbidden');
      expect(res.body.detail).toContain('community_officer');
    });

    it('403 problem outside the caller\'s jurisdiction, 200 inside it', async () => {
      const community = await token('community_officer'); // 330106001001
      const outside = await request(app.getHttpServer())
        .get('/intake/jurisdictions/330106002001/ping')
        .set('Authorization', `Bearer ${community}`);
      expectProblem(outside, 403);
      expect(outside.body.type).toBe('urn:sa:problem:outside-jurisdiction');

      const wider = await request(app.getHttpServer()).get('/intake/jurisdictions/330106001/ping').set('Authorization', `Bearer ${community}`);
      expectProblem(wider, 403);

      const inside = await request(app.getHttpServer())
        .get('/intake/jurisdictions/330106001001/ping')
        .set('Authorization', `Bearer ${await token('street_officer')}`); // 330106001 covers it
      expect(inside.status).toBe(200);
      expect(inside.body).toMatchObject({ service: 'intake', jurisdiction: '330106001001', actor: { role: 'street_officer' } });
    });

    it('400 naming the path parameter when it is not a division code', async () => {
      const res = await request(app.getHttpServer()).get('/intake/jurisdictions/xihu/ping').set('Authorization', `Bearer ${await token('street_officer')}`);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ field: 'code', message: expect.stringContaining('division code') }]);
    });

    it('403 when a resource loaded by the handler lies outside the jurisdiction', async () => {
      const res = await request(app.getHttpServer()).get('/platform-demo/resources/outside').set('Authorization', `Bearer ${await token('community_officer')}`);
      expectProblem(res, 403);
      expect(res.body.type).toBe('urn:sa:problem:outside-jurisdiction');
    });

    it('lets a multi-role caller choose the acting role, but only among roles held and accepted', async () => {
      const both = await token('street_reviewer', { extraRoles: ['street_officer'] });
      const ok = await request(app.getHttpServer())
        .get('/intake/jurisdictions/330106001/ping')
        .set('Authorization', `Bearer ${both}`)
        .set('X-Acting-Role', 'street_officer');
      expect(ok.body.actor.role).toBe('street_officer');
      const refused = await request(app.getHttpServer())
        .get('/intake/jurisdictions/330106001/ping')
        .set('Authorization', `Bearer ${both}`)
        .set('X-Acting-Role', 'street_reviewer');
      expectProblem(refused, 403);
      const notHeld = await request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${both}`).set('X-Acting-Role', 'auditor');
      expectProblem(notHeld, 403);
    });
  });

  describe('validation and errors', () => {
    const valid = { household: { members: [{ name: '张三', residentId: RESIDENT_ID }] } };

    it('accepts a valid body', async () => {
      const res = await request(app.getHttpServer())
        .post('/platform-demo/applications')
        .set('Authorization', `Bearer ${await token('community_officer')}`)
        .send(valid);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ members: 1, by: 'local-community-officer' });
    });

    it('400 problem naming each bad nested field by its path', async () => {
      const res = await request(app.getHttpServer())
        .post('/platform-demo/applications')
        .set('Authorization', `Bearer ${await token('community_officer')}`)
        .send({ household: { members: [{ name: '张三', residentId: RESIDENT_ID }, { name: 7, residentId: '123' }] } });
      expectProblem(res, 400);
      expect(res.body.type).toBe('urn:sa:problem:validation');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'household.members[1].residentId', message: 'residentId must be an 18-character resident id' },
          { field: 'household.members[1].name', message: 'name must be a string' },
        ]),
      );
      expect(res.body.detail).toContain('household.members[1].residentId');
    });

    it('400 problem naming an unknown field', async () => {
      const res = await request(app.getHttpServer())
        .post('/platform-demo/applications')
        .set('Authorization', `Bearer ${await token('community_officer')}`)
        .send({ ...valid, isAdmin: true, household: { ...valid.household, income: 1 } });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'isAdmin', message: 'property isAdmin should not exist' },
          { field: 'household.income', message: 'property income should not exist' },
        ]),
      );
    });

    it('400 problem for malformed JSON', async () => {
      const res = await request(app.getHttpServer())
        .post('/platform-demo/applications')
        .set('Authorization', `Bearer ${await token('community_officer')}`)
        .set('Content-Type', 'application/json')
        .send('{"household": ');
      expectProblem(res, 400);
    });

    it('413 problem for a body over BODY_LIMIT', async () => {
      const res = await request(app.getHttpServer())
        .post('/platform-demo/applications')
        .set('Authorization', `Bearer ${await token('community_officer')}`)
        .send({ ...valid, note: 'x'.repeat(4096) });
      expectProblem(res, 413);
      expect(res.body).toMatchObject({ type: 'urn:sa:problem:payload-too-large', limit: 2048 });
    });

    it('404 problem for an unknown route', async () => {
      expectProblem(await request(app.getHttpServer()).get('/no-such-route'), 404);
    });

    it('422 for a business rule, 409 for a concurrency conflict', async () => {
      const auth = `Bearer ${await token('street_reviewer')}`;
      const rule = await request(app.getHttpServer()).get('/platform-demo/rule').set('Authorization', auth);
      expectProblem(rule, 422);
      expect(rule.body).toMatchObject({
        type: 'urn:sa:problem:rule:PUBLIC_NOTICE_NOT_ENDED',
        code: 'PUBLIC_NOTICE_NOT_ENDED',
        errors: [{ field: 'decidedAt', message: 'The public notice ends on 2025-02-10.' }],
      });
      const conflict = await request(app.getHttpServer()).get('/platform-demo/conflict').set('Authorization', auth);
      expectProblem(conflict, 409);
      expect(conflict.body.type).toBe('urn:sa:problem:concurrency-conflict');
      expect(JSON.stringify(conflict.body)).not.toContain('application-1');
    });

    it('500 without internals; the log has the error with identifiers masked', async () => {
      const res = await request(app.getHttpServer()).get('/platform-demo/crash').set('Authorization', `Bearer ${await token('auditor')}`);
      expectProblem(res, 500);
      expect(JSON.stringify(res.body)).not.toMatch(/secret-internals|lookup failed|33010619900101123X/);
      const logged = logLines.filter((l) => l.includes(res.body.correlationId)).join('\n');
      expect(logged).toContain('lookup failed for 33****************');
      expect(logLines.join('\n')).not.toContain(RESIDENT_ID);
    });
  });

  describe('edges: bad input never 500, headers', () => {
    const post = async (body: string) =>
      request(app.getHttpServer())
        .post('/platform-demo/applications')
        .set('Authorization', `Bearer ${await token('community_officer')}`)
        .set('Content-Type', 'application/json')
        .send(body);

    it('400 naming the depth for JSON nested deeper than the limit (3,000 levels overflowed the validator before)', async () => {
      const deepObject = '{"household":' + '{"a":'.repeat(40) + '1' + '}'.repeat(40) + '}';
      const deepArray = '['.repeat(1000) + ']'.repeat(1000);
      for (const body of [deepObject, deepArray]) {
        const res = await post(body);
        expectProblem(res, 400);
        expect(res.body.detail).toMatch(/nested deeper than 32 levels/);
      }
    });

    it('400 naming a missing required nested object (it was a TypeError and 500)', async () => {
      const res = await post('{}');
      expectProblem(res, 400);
      expect(res.body.errors).toContainEqual({ field: 'household', message: 'household is required' });
    });

    it('400 naming the field for NUL and other control characters, lone surrogates and prototype keys', async () => {
      const members = (name: string) => JSON.stringify({ household: { members: [{ name, residentId: RESIDENT_ID }] } });
      for (const name of ['a\u0000b', 'bell\u0007', 'half\ud800']) {
        const res = await post(members(name));
        expectProblem(res, 400);
        expect(res.body.errors?.[0]).toMatchObject({ field: 'household.members[0].name' });
      }
      const ok = await post(members('王\t小明 🙂 مرحبا'));
      expect(ok.status).toBe(201);
      const proto = await post('{"household":{"members":[]},"__proto__":{"admin":true}}');
      expectProblem(proto, 400);
      expect(proto.body.errors[0].field).toBe('__proto__');
      const path = await request(app.getHttpServer())
        .get('/intake/jurisdictions/33%00/ping')
        .set('Authorization', `Bearer ${await token('street_officer')}`);
      expectProblem(path, 400);
    });

    it('sets nosniff, frame-ancestors none and Cache-Control: no-store', async () => {
      const res = await request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${await token('street_officer')}`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('observability', () => {
    it('/health/live and /health/ready are public; ready checks PostgreSQL and Kafka', async () => {
      expect((await request(app.getHttpServer()).get('/health/live')).body).toEqual({ status: 'ok' });
      const ready = await request(app.getHttpServer()).get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });
    });

    it('serves its AsyncAPI document and the JSON Schemas its dataschema URLs name, without a token', async () => {
      const doc = await request(app.getHttpServer()).get('/asyncapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body).toMatchObject({ asyncapi: '3.0.0', channels: { intake: { address: 'sa.intake.events' } } });
      const schema = await request(app.getHttpServer()).get('/schemas/intake/ApplicationAccepted/v1.json');
      expect(schema.status).toBe(200);
      expect(schema.body.$id).toBe('https://schemas.social-assistance.local/intake/ApplicationAccepted/v1.json');
      expectProblem(await request(app.getHttpServer()).get('/schemas/eligibility/AssistanceGranted/v1.json'), 404);
    });

    it('/metrics needs the METRICS_TOKEN bearer token (not a user token) and counts requests by route pattern', async () => {
      expectProblem(await request(app.getHttpServer()).get('/metrics'), 401);
      const userToken = await token('auditor');
      expectProblem(await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${userToken}`), 401);
      expectProblem(await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`), 401);
      await request(app.getHttpServer()).get('/health/live');
      const res = await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toMatch(/http_request_duration_seconds_count\{service="intake",method="GET",route="\/health\/live",status_code="200"\} \d+/);
      expect(res.text).toContain('route="/intake/jurisdictions/:code/ping"');
    });

    it('/api-docs-json serves the OpenAPI document with bearer auth, public routes excepted', async () => {
      const res = await request(app.getHttpServer()).get('/api-docs-json');
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const ping = doc.paths['/intake/jurisdictions/{code}/ping'].get;
      expect(ping.security).toEqual([{ bearer: [] }]);
      expect(ping['x-roles']).toEqual(['community_officer', 'street_officer']);
      expect(ping.responses['403'].content['application/problem+json']).toBeDefined();
      expect(doc.paths['/health/ready'].get.security).toEqual([]);
      expect(doc.paths['/metrics']).toBeUndefined();
      expect((await request(app.getHttpServer()).get('/api-docs')).text).toContain('swagger-ui');
    });

    it('logs one JSON line per request with its correlation id, taken from X-Correlation-Id when given', async () => {
      const res = await request(app.getHttpServer())
        .get('/whoami')
        .set('X-Correlation-Id', 'case-abc-123')
        .set('Authorization', `Bearer ${await token('street_officer')}`);
      expect(res.headers['x-correlation-id']).toBe('case-abc-123');
      const line = logLines.map((l) => JSON.parse(l)).find((l) => l.correlationId === 'case-abc-123' && l.res);
      expect(line).toMatchObject({ level: 'info', service: 'intake', req: { method: 'GET', url: '/whoami' }, res: { statusCode: 200 } });
      expect(logLines.join('\n')).not.toMatch(/Bearer ey/);
    });
  });
});

describe('intake readiness without Kafka', () => {
  it('/health/ready stays 200 with a warning naming Kafka (commands still work through the outbox)', async () => {
    const { app } = await createTestApp({
      name: 'intake',
      configSpec: INTAKE_CONFIG_SPEC,
      imports: [AppModule],
      env: { JWT_SECRET: SECRET, DATABASE_URL, DATABASE_SCHEMA: SCHEMA, KAFKA_BROKERS: '127.0.0.1:1' },
    });
    try {
      const res = await request(app.getHttpServer()).get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } }, details: { kafka: { status: 'down' } } });
      expect(res.body.info.kafka).toBeUndefined();
      expect(res.body.warnings.kafka).toMatch(/^Kafka unreachable .*outbox/);
    } finally {
      await app.close();
    }
  });
});
