/**
 * `npm run asyncapi [-- <dir>] [--context <context>]`: writes the AsyncAPI 3.0 document generated from
 * the contracts catalogue (topics, Kafka keys, CloudEvents headers, payload schemas per version) as
 * `asyncapi.json` and `asyncapi.yaml`, with the JSON Schemas beside them under `schemas/` (the paths of
 * their `$id`s), into <dir> (default `dist/asyncapi`). The same document each producing service serves at
 * `GET /asyncapi.json` (its own topic) — this one covers every topic unless `--context` narrows it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { COMMON_SCHEMAS, EVENT_SCHEMAS, INTEGRATION_EVENT_TYPES, buildAsyncApiDocument, isContext, type JsonSchema } from '../src';

const args = process.argv.slice(2);
const contextAt = args.indexOf('--context');
const context = contextAt >= 0 ? args[contextAt + 1] : undefined;
if (context !== undefined && !isContext(context)) {
  console.error(`unknown context ${context}`);
  process.exit(2);
}
const out = resolve(args.find((a, i) => !a.startsWith('--') && (contextAt < 0 || i !== contextAt + 1)) ?? 'dist/asyncapi');
const document = buildAsyncApiDocument(context ? { context } : {});
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'asyncapi.json'), `${JSON.stringify(document, null, 2)}\n`);
writeFileSync(join(out, 'asyncapi.yaml'), stringify(document));
const schemas: JsonSchema[] = [...COMMON_SCHEMAS, ...INTEGRATION_EVENT_TYPES.flatMap((t) => Object.values(EVENT_SCHEMAS[t]))];
for (const schema of schemas) {
  const file = join(out, 'schemas', new URL(schema.$id).pathname);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
}
console.log(`AsyncAPI 3.0 (${context ?? 'all topics'}) → ${join(out, 'asyncapi.json')}, asyncapi.yaml and ${schemas.length} schemas under ${join(out, 'schemas')}`);
