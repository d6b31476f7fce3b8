import { z } from 'zod';

/** One documented API operation; the same schemas validate requests and describe them. */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. /api/v1/incidents/{id} */
  path: string;
  summary: string;
  tags: string[];
  body?: z.ZodType;
  response: z.ZodType;
  successStatus?: number;
}

/** Schemas that appear by name under components.schemas; operations refer to them. */
export const apiSchemas = z.registry<{ id: string }>();

export function named<T extends z.ZodType>(id: string, schema: T): T {
  apiSchemas.add(schema, { id });
  return schema;
}

export const errorSchema = named('Error', z
  .object({
    error: z.object({
      id: z.string().describe('Stable identifier of the error, e.g. validation_failed'),
      message: z.string().describe('Readable message (Dutch unless Accept-Language asks for English)'),
      fields: z.record(z.string(), z.string()).optional().describe('Per field, what is wrong'),
    }),
  }));

/** Builds the OpenAPI 3.1 document from the registered operations. */
export function openApiDocument(operations: readonly ApiOperation[]) {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const components = z.toJSONSchema(apiSchemas, { uri, unrepresentable: 'any', io: 'output' }).schemas;
  for (const value of Object.values(components)) delete (value as { $schema?: string }).$schema;
  const inline = (s: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { unrepresentable: 'any', io });
    return rest;
  };
  const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => {
    const id = apiSchemas.get(s)?.id;
    return id ? { $ref: uri(id) } : inline(s, io);
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      tags: op.tags,
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body, 'input') } } } } : {}),
      responses: {
        [String(op.successStatus ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schema(op.response) } } },
        '400': { description: 'Invalid input', content: { 'application/json': { schema: schema(errorSchema) } } },
        '401': { description: 'Not signed in', content: { 'application/json': { schema: schema(errorSchema) } } },
        '404': { description: 'Not found or not visible to the caller', content: { 'application/json': { schema: schema(errorSchema) } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Weerbaar API', version: '1', description: 'Registratie en afhandeling van agressie en geweld tegen ambtsdragers en medewerkers.' },
    servers: [{ url: '/' }],
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (weerbaar token create)' },
        session: { type: 'apiKey', in: 'cookie', name: 'wb_session' },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
