import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export interface OpenApiOptions {
  title: string;
  description?: string;
  version?: string;
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json).',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', example: 'urn:sa:problem:validation' },
    title: { type: 'string', example: 'Your request is not valid' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', example: '/applications' },
    correlationId: { type: 'string' },
    code: { type: 'string', description: 'Business rule code (422).' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', example: 'household.members[1].residentId' }, message: { type: 'string' } },
      },
    },
  },
} as const;

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/**
 * Declares bearer auth on every operation except `@Public()` ones, lists required roles, and adds
 * the problem+json error responses. Pure: works on a document.
 */
export function finishOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ProblemDetails: { ...PROBLEM_SCHEMA } as never };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const) {
      const op = pathItem[method] as (Record<string, unknown> & { responses: Record<string, unknown> }) | undefined;
      if (!op) continue;
      if (op['x-public']) {
        op.security = [];
        delete op['x-public'];
        continue;
      }
      op.security = [{ bearer: [] }];
      const roles = op['x-roles'] as string[] | undefined;
      if (roles?.length) op.description = [op.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n');
      op.responses['400'] ??= problemResponse('The request is not valid; `errors` names each field.');
      op.responses['401'] ??= problemResponse('No valid bearer token.');
      op.responses['403'] ??= problemResponse('Missing role, or outside the caller\'s jurisdiction.');
    }
  }
  return document;
}

/** Serves the OpenAPI document at `/api-docs-json` and Swagger UI at `/api-docs` (both public). */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion(options.version ?? '0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = finishOpenApiDocument(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('api-docs', app, document, { jsonDocumentUrl: 'api-docs-json', yamlDocumentUrl: 'api-docs-yaml' });
  return document;
}
