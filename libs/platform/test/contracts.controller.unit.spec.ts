/**
 * A producing service's public contract routes: GET /asyncapi.json (its part of the AsyncAPI document)
 * and GET /schemas/… (every JSON Schema its events' `dataschema` names, at the `$id`'s path); with
 * SA_SCHEMA_BASE_URL, the dataschema URLs resolve over HTTP to the schema that validates the data.
 */
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { EVENT_CATALOGUE, INTEGRATION_EVENT_TYPES, TOPICS, decodeKafkaMessage, exampleIntegrationEvent, toKafkaMessage, CE_HEADERS } from '@sa/contracts';
import { contractsController } from '../src/contracts.controller';

describe('contracts routes of a producing service (disbursement)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [contractsController('disbursement')] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /asyncapi.json: the AsyncAPI 3.0 document of its topic', async () => {
    const res = await request(app.getHttpServer()).get('/asyncapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.asyncapi).toBe('3.0.0');
    expect(Object.values(res.body.channels as Record<string, { address: string }>).map((c) => c.address)).toEqual([TOPICS.disbursement]);
  });

  it("every dataschema of its events resolves to the schema whose $id it is (path under the service), and the shared definitions too", async () => {
    const types = INTEGRATION_EVENT_TYPES.filter((t) => EVENT_CATALOGUE[t].context === 'disbursement');
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) {
      const dataschema = toKafkaMessage(exampleIntegrationEvent(type)).headers[CE_HEADERS.dataschema]!;
      const res = await request(app.getHttpServer()).get(`/schemas${new URL(dataschema).pathname}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
      expect(res.body.$id).toBe(dataschema);
    }
    const common = await request(app.getHttpServer()).get('/schemas/common/definitions/v1.json').expect(200);
    expect(common.body.$id).toMatch(/\/common\/definitions\/v1\.json$/);
  });

  it("another context's schema or an unknown version is 404", async () => {
    await request(app.getHttpServer()).get('/schemas/intake/ApplicationAccepted/v1.json').expect(404);
    await request(app.getHttpServer()).get('/schemas/disbursement/PaymentIssued/v99.json').expect(404);
  });
});

/**
 * Issue 14 item 9: with SA_SCHEMA_BASE_URL pointing at the producing service, every `ce_dataschema` a
 * producer sends is a URL that answers over HTTP with the schema that validates the message's data.
 */
describe('dataschema URLs resolve (SA_SCHEMA_BASE_URL = the producing service)', () => {
  const contexts = [...new Set(INTEGRATION_EVENT_TYPES.map((t) => EVENT_CATALOGUE[t].context))];
  const saved = process.env.SA_SCHEMA_BASE_URL;
  afterAll(() => {
    if (saved === undefined) delete process.env.SA_SCHEMA_BASE_URL;
    else process.env.SA_SCHEMA_BASE_URL = saved;
  });

  it.each(contexts)('%s: every type at every version, fetched by its dataschema URL, validates the data it names', async (context) => {
    const probe = await Test.createTestingModule({ controllers: [contractsController(context)] }).compile();
    const app = probe.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/schemas`;
    await app.close();
    // the service configured with its own address as the schema base (set before the controller is built)
    process.env.SA_SCHEMA_BASE_URL = base;
    const moduleRef = await Test.createTestingModule({ controllers: [contractsController(context)] }).compile();
    const served = moduleRef.createNestApplication({ logger: false });
    await served.listen(Number(new URL(base).port), '127.0.0.1');
    try {
      const fetchJson = async (url: string) => {
        const res = await fetch(url);
        expect(res.status).toBe(200);
        return (await res.json()) as { $id: string };
      };
      const ajv = new Ajv2020({ allErrors: true, strict: false });
      addFormats(ajv);
      ajv.addFormat('resident-id', /^[0-9]{17}[0-9X]$/);
      ajv.addSchema(await fetchJson(`${base}/common/definitions/v1.json`));
      for (const type of INTEGRATION_EVENT_TYPES.filter((t) => EVENT_CATALOGUE[t].context === context)) {
        const event = exampleIntegrationEvent(type);
        const dataschema = toKafkaMessage(event).headers[CE_HEADERS.dataschema]!;
        expect(dataschema).toBe(`${base}/${context}/${type}/v${EVENT_CATALOGUE[type].currentVersion}.json`);
        const schema = await fetchJson(dataschema);
        expect(schema.$id).toBe(dataschema);
        const validate = ajv.compile(schema);
        expect({ type, valid: validate(event.data), errors: validate.errors ?? null }).toEqual({ type, valid: true, errors: null });
        // and a consumer accepts the message with the rebased dataschema
        expect(decodeKafkaMessage(toKafkaMessage(event))).toMatchObject({ ok: true, event: { type, schemaVersion: EVENT_CATALOGUE[type].currentVersion } });
      }
      const asyncapi = await fetchJson(`http://127.0.0.1:${new URL(base).port}/asyncapi.json`);
      expect(JSON.stringify(asyncapi)).not.toContain('schemas.social-assistance.local');
      const yaml = await fetch(`http://127.0.0.1:${new URL(base).port}/asyncapi.yaml`);
      expect(yaml.status).toBe(200);
      expect(await yaml.text()).toMatch(/^asyncapi: 3\.0\.0/);
    } finally {
      await served.close();
      delete process.env.SA_SCHEMA_BASE_URL;
    }
  });
});
