import { Controller, Get, Header, NotFoundException, Param, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@sa/auth';
import { stringify } from 'yaml';
import {
  COMMON_SCHEMAS,
  EVENT_CATALOGUE,
  EVENT_SCHEMAS,
  INTEGRATION_EVENT_TYPES,
  buildAsyncApiDocument,
  rebaseSchemaUrls,
  schemaBaseUrl,
  schemaId,
  type Context,
  type JsonSchema,
} from '@sa/contracts';

/**
 * What a producing service publishes, for integrators (public, no token):
 * - `GET /asyncapi.json`: the AsyncAPI 3.0 document of its topic (generated from @sa/contracts);
 * - `GET /schemas/<context>/<EventType>/v<N>.json` and `GET /schemas/common/definitions/v1.json`: the
 *   JSON Schemas its events' `dataschema` names — the path of each `$id` under the service, so mapping the
 *   schema host (`https://schemas.social-assistance.local`) to the service makes every `dataschema` resolve;
 * - with `SA_SCHEMA_BASE_URL` set (e.g. `http://sa-disbursement:3004/schemas`), producers send that base in
 *   `ce_dataschema` and everything served here (`$id`, `$ref`, the AsyncAPI document) carries it;
 * - `GET /asyncapi.yaml`: the same document in YAML.
 */
export function contractsController(context: Context, base: string = schemaBaseUrl()): Type<unknown> {
  const schemas = new Map<string, JsonSchema>();
  for (const s of COMMON_SCHEMAS) schemas.set(new URL(s.$id).pathname, rebaseSchemaUrls(s, base));
  for (const type of INTEGRATION_EVENT_TYPES.filter((t) => EVENT_CATALOGUE[t].context === context)) {
    for (const version of EVENT_CATALOGUE[type].versions) {
      const id = schemaId(context, type, version);
      const schema = EVENT_SCHEMAS[type][version];
      if (schema) schemas.set(new URL(id).pathname, rebaseSchemaUrls(schema, base));
    }
  }
  const document = rebaseSchemaUrls(buildAsyncApiDocument({ context }), base);
  const yaml = stringify(document);

  @ApiExcludeController()
  @Public()
  @Controller()
  class ContractsController {
    @Get('asyncapi.json')
    @Header('Content-Type', 'application/json; charset=utf-8')
    asyncapi(): unknown {
      return document;
    }

    @Get('asyncapi.yaml')
    @Header('Content-Type', 'application/yaml; charset=utf-8')
    asyncapiYaml(): string {
      return yaml;
    }

    @Get('schemas/:a/:b/:file')
    @Header('Content-Type', 'application/schema+json; charset=utf-8')
    schema(@Param('a') a: string, @Param('b') b: string, @Param('file') file: string): JsonSchema {
      const found = schemas.get(`/${a}/${b}/${file}`);
      if (!found) throw new NotFoundException(`no schema ${base}/${a}/${b}/${file} is published by ${context}`);
      return found;
    }
  }
  return ContractsController;
}
