import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { notFound } from '../../errors.js';
import { parse } from '../../validation.js';
import { readUploadAhead, type UploadedFile } from './upload.js';
import { errorSchema } from '../api/openapi.js';
import { inRequest, type RequestContext } from './request.js';
import { claimKey, rememberAnswer } from '../../domain/idempotency/idempotency.js';
import { IDEMPOTENCY_HEADER, requestDigest, requestKey } from './idempotency.js';

/** Error answers a route may give besides 401 (always) and 400/404 (derived from its inputs). */
export type DocumentedError = 400 | 404 | 409 | 413 | 415 | 422 | 429;

const ERROR_DESCRIPTIONS: Record<DocumentedError | 401, string> = {
  400: 'Invalid input: error.fields names each bad field',
  401: 'Not signed in (no valid session or token)',
  404: 'Not found, or not visible to the caller (the two answer the same)',
  409: 'Not possible in the current state (a rule of the protocol)',
  413: 'The file is too large',
  415: 'The file type is not accepted',
  422: 'The Idempotency-Key was used before with another request (idempotency_key_reused); nothing was done',
  429: 'Too many requests',
};

type Maybe<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiRouteSpec<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path, e.g. /api/v1/incidents/:id (documented as /api/v1/incidents/{id}). */
  url: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Path parameters; a value that does not fit (not an id) answers 404, like a missing object. */
  params?: P;
  query?: Q;
  body?: B;
  /** Status of the success answer (200 unless said). */
  status?: 200 | 201;
  /** Another success status the handler may choose with `answerWith` (e.g. 200 for a link that already was). */
  alsoStatus?: 200 | 201;
  response: R;
  /** A file instead of JSON (e.g. application/pdf); the handler sends it with `reply` (held until the commit, see inRequest). */
  produces?: string;
  /** Error answers beyond those derived from the inputs. */
  errors?: DocumentedError[];
  /** A multipart upload, read before the transaction opens so no transaction waits on the network. */
  upload?: true;
  /**
   * Checked before any input is read (e.g. requireRole): for whom the resource does not exist,
   * not even bad input is answered (404, not 400).
   */
  guard?: (who: SignedIn) => void;
  handler: (
    context: RequestContext<SignedIn> & {
      params: Maybe<P>;
      query: Maybe<Q>;
      body: Maybe<B>;
      file: UploadedFile | undefined;
      /** Answers with the route's other success status (`alsoStatus`). */
      answerWith: (status: 200 | 201) => void;
    },
  ) => Promise<z.output<R>>;
}

/**
 * Declares an API route once: its schemas validate the request (after the caller is known,
 * so a signed-out caller always hears 401 first), type the handler, check the answer, and
 * describe the route in the OpenAPI document.
 */
export function apiRoute<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType,
>(app: FastifyInstance, db: Db, spec: ApiRouteSpec<P, Q, B, R>): void {
  const status = spec.status ?? 200;
  const successes = [status, ...(spec.alsoStatus ? [spec.alsoStatus] : [])];
  // A POST that creates (201) may be sent again safely with an Idempotency-Key (see idempotency.ts).
  const idempotent = spec.method === 'POST' && status === 201;
  const errors = new Set<DocumentedError | 401>([401, ...(spec.errors ?? []), ...(idempotent ? ([400, 422] as const) : [])]);
  if (spec.params) errors.add(404);
  if (spec.query || spec.body || spec.upload) errors.add(400);
  if (spec.upload) for (const code of [413, 415] as const) errors.add(code);
  const response: Record<number, unknown> = {};
  for (const code of successes) {
    response[code] = spec.produces
      ? { description: 'The file', content: { [spec.produces]: { schema: z.string().meta({ format: 'binary' }) } } }
      : { description: code === 201 ? 'Created' : 'OK', content: { 'application/json': { schema: spec.response } } };
  }
  for (const code of [...errors].sort())
    response[code] = { description: ERROR_DESCRIPTIONS[code], content: { 'application/json': { schema: errorSchema } } };

  app.withTypeProvider<ZodTypeProvider>().route({
    method: spec.method,
    url: spec.url,
    schema: {
      operationId: operationIdOf(spec.method, spec.url),
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { querystring: spec.query } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.upload ? { consumes: ['multipart/form-data'] } : {}),
      ...(idempotent ? { headers: idempotencyHeaders } : {}),
      response: response as never,
    },
    // Input is validated inside the pipeline, after identification (see above), not by Fastify.
    validatorCompiler: () => (value) => ({ value }),
    handler: async (request, reply) => {
      const upload = spec.upload ? await readUploadAhead(request) : undefined;
      let answered = status;
      const answerWith = (code: 200 | 201) => {
        if (!successes.includes(code)) throw new Error(`${spec.method} ${spec.url} does not document ${code}`);
        answered = code;
      };
      const body = await inRequest(db, request, reply, 'api', async (context) => {
        spec.guard?.(context.who);
        const params = spec.params ? parsePath(spec.params, request.params) : undefined;
        const query = spec.query ? parse(spec.query, request.query ?? {}) : undefined;
        const input = spec.body ? parse(spec.body, request.body ?? {}) : undefined;
        // A bad upload is answered only now, so that a signed-out caller still hears 401 first.
        if (upload && 'error' in upload) throw upload.error;
        const key = idempotent ? requestKey(request.headers[IDEMPOTENCY_HEADER]) : undefined;
        if (key !== undefined) {
          const claim = await claimKey(context.tx, context.who, key, requestDigest(request, request.body, upload?.file));
          if (claim.kind === 'replay') {
            answered = claim.status as 200 | 201;
            reply.header('idempotent-replayed', 'true');
            return claim.response as z.output<R>;
          }
        }
        const answer = await spec.handler({
          ...context,
          params: params as Maybe<P>,
          query: query as Maybe<Q>,
          body: input as Maybe<B>,
          file: upload?.file,
          answerWith,
        });
        if (key !== undefined) await rememberAnswer(context.tx, context.who, key, answered, answer);
        return answer;
      });
      if (spec.produces) return reply;
      return reply.code(answered).send(body as never);
    },
  });
}

/** A stable name for the operation: GET /api/v1/incidents/:id/timeline → getIncidentsIdTimeline. */
function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/:-]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** Path parameters that do not fit their schema name nothing that exists: 404. */
function parsePath<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw notFound();
  return result.data;
}

/** The header of the creating routes, for the OpenAPI document (headers are read by the pipeline, not validated by Fastify). */
const idempotencyHeaders = z.object({
  [IDEMPOTENCY_HEADER]: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'A key of your own (a UUID) for this request: sent again with the same key and body within 24 hours, the request answers the first answer (status and body) instead of creating twice; the same key with another body answers 422 idempotency_key_reused',
    ),
});

/** The path parameter of most routes: an id. */
export const idParams = z.object({ id: z.uuid() });
