/**
 * A producing service's public contract routes: GET /asyncapi.json (its part of the AsyncAPI document)
 * and GET /schemas/… (every JSON Schema its events' `dataschema` names, at the `$id`'s path).
 */
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_CATALOGUE, INTEGRATION_EVENT_TYPES, TOPICS, exampleIntegrationEvent, toKafkaMessage, CE_HEADERS } from '@sa/contracts';
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
