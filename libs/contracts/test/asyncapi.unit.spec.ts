/**
 * The generated AsyncAPI 3.0 document against the official parser (@asyncapi/parser, pinned): no
 * error-level diagnostics, and every topic, event type, schema version, key and CloudEvents header of
 * the catalogue is in it.
 */
import { Parser } from '@asyncapi/parser';
import { CE_HEADERS, CONTEXTS, EVENT_CATALOGUE, INTEGRATION_EVENT_TYPES, TOPICS, asyncApiMessageName, buildAsyncApiDocument, schemaId } from '../src';

jest.setTimeout(60_000);

const ERROR = 0; // DiagnosticSeverity.Error

async function parse(doc: unknown) {
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(JSON.stringify(doc));
  const errors = diagnostics.filter((d) => d.severity === ERROR);
  return { document, errors, diagnostics };
}

describe('AsyncAPI 3.0 document of the contracts catalogue', () => {
  it('the whole catalogue parses without errors and lists every topic, type, version, key and header', async () => {
    const doc = buildAsyncApiDocument();
    const { document, errors } = await parse(doc);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    const addresses = document!.channels().all().map((c) => c.address());
    expect(addresses.sort()).toEqual(Object.values(TOPICS).sort());
    const names = document!.messages().all().map((m) => m.name());
    for (const type of INTEGRATION_EVENT_TYPES) {
      for (const version of EVENT_CATALOGUE[type].versions) {
        const name = asyncApiMessageName(type, version);
        expect(names).toContain(name);
        const message = document!.messages().all().find((m) => m.name() === name)!;
        const headers = message.headers()!.json() as { properties: Record<string, { const?: string }>; required: string[] };
        expect(headers.properties[CE_HEADERS.dataschema]!.const).toBe(schemaId(EVENT_CATALOGUE[type].context, type, version));
        expect(headers.required).toEqual(expect.arrayContaining([CE_HEADERS.id, CE_HEADERS.type, CE_HEADERS.subject, CE_HEADERS.correlationId]));
        expect(message.bindings().get('kafka')!.value().key).toMatchObject({ type: 'string' });
        expect(message.payload()).toBeDefined();
      }
    }
    const sends = document!.operations().all().filter((o) => o.action() === 'send');
    expect(sends).toHaveLength(CONTEXTS.length);
  });

  it.each(CONTEXTS)('the part %s serves parses and holds only its own topic', async (context) => {
    const { document, errors } = await parse(buildAsyncApiDocument({ context }));
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document!.channels().all().map((c) => c.address())).toEqual([TOPICS[context]]);
  });


  it('the parser check bites: a broken reference or a wrong header type is an error', async () => {
    const doc = buildAsyncApiDocument({ context: 'disbursement' }) as { channels: Record<string, { messages: Record<string, unknown> }>; components: { messages: Record<string, { headers: unknown }> } };
    doc.channels.disbursement!.messages.Ghost = { $ref: '#/components/messages/Ghost_v1' };
    expect((await parse(doc)).errors.length).toBeGreaterThan(0);
    const doc2 = buildAsyncApiDocument({ context: 'disbursement' }) as { components: { messages: Record<string, { headers: unknown }> } };
    doc2.components.messages.PaymentIssued_v1!.headers = 'ce_id';
    expect((await parse(doc2)).errors.length).toBeGreaterThan(0);
  });
});
