import { sql } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { VNode } from 'preact';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import { AppError, FORM_ERROR_STATUSES, notFound } from '../../errors.js';
import { auditMark, discardAuditSince } from '../../domain/audit/audit.js';
import { forbiddenCharacterFields, issueFields, rejectForbiddenCharacters } from '../../validation.js';
import { type FieldErrors } from '../components/index.js';
import type { View } from '../components/view.js';
import { redirect } from '../context.js';
import { unreadCount } from '../../domain/notification/inbox.js';
import { sendPage, viewOf } from '../render.js';
import { inRequest, type RequestContext, type WhoFor } from './request.js';
import { readUploadAhead, type UploadedFile } from './upload.js';

type PageAudience = 'public' | 'second_factor' | 'signed_in';
type Maybe<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The page's view, with the count of unread inbox items for the navigation of a signed-in person. */
async function pageView(request: FastifyRequest, tx: Tx): Promise<View> {
  const view = viewOf(request);
  if (view.who?.stage === 'complete') view.unread = await unreadCount(tx, view.who);
  return view;
}

export type PageContext<A extends PageAudience, P, Q> = RequestContext<WhoFor<A>> & { params: Maybe<P>; query: Maybe<Q>; view: View };

interface PageSpec<A extends PageAudience, P extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  url: string;
  /** Who may open it; a person fully signed in unless said. */
  audience?: A;
  /** Path parameters; a value that does not fit (not an id) is a page that does not exist. */
  params?: P;
  /** Filters and the like; what does not fit falls back to the schema's defaults. */
  query?: Q;
  /** Fastify route options such as a rate limit. */
  config?: RouteShorthandOptions['config'];
}

/** A page read: the handler returns the page, or a reply it already sent (a redirect, a file). */
export function pageRoute<
  A extends PageAudience = 'signed_in',
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  app: FastifyInstance,
  db: Db,
  spec: PageSpec<A, P, Q> & { handler: (context: PageContext<A, P, Q>) => Promise<VNode | FastifyReply> },
): void {
  app.get(spec.url, { schema: { hide: true }, ...(spec.config ? { config: spec.config } : {}) }, async (request, reply) => {
    const result = await inRequest(db, request, reply, spec.audience ?? 'signed_in', async (context) => {
      const params = parsePageInput(spec.params, request.params, true);
      const query = parsePageInput(spec.query, request.query, false);
      return spec.handler({ ...context, params, query, view: await pageView(request, context.tx) } as PageContext<A, P, Q>);
    });
    return isReply(result, reply) ? result : sendPage(reply, result);
  });
}

interface FormSpec<A extends PageAudience, P extends z.ZodType | undefined, F extends z.ZodType> extends PageSpec<A, P, undefined> {
  /** The form's fields; its messages are message keys, shown in the error summary and at each field. */
  form: F;
  /** A multipart form with one file (read before the transaction opens). */
  upload?: true;
  /**
   * Runs the use case and says where the browser goes next (303), or gives the page that
   * answers it (shown once, e.g. a temporary password); both are sent after the commit.
   */
  command: (
    context: FormContext<A, P> & { form: z.output<F>; file: UploadedFile | undefined },
  ) => Promise<string | FormPage | FastifyReply>;
  /** The page again, with the messages and what the person typed. */
  render: (context: FormContext<A, P> & { errors: FieldErrors; values: Record<string, string> }) => Promise<VNode>;
  /** Where an error that names no field is shown (a field of the form). */
  generalField?: string;
  /** Domain field names that the form calls differently (e.g. sentAt → sentDate). */
  fieldNames?: Record<string, string>;
}

type FormContext<A extends PageAudience, P> = RequestContext<WhoFor<A>> & { params: Maybe<P>; view: View };

/** A page as the answer to a form post. */
export interface FormPage {
  page: VNode;
  status?: number;
}

/**
 * A form post: parse the fields with the schema, run the command, redirect. Bad input, or a
 * rule the command refuses (400, 409, 413, 415), brings the form back with an error summary;
 * what the command wrote before it refused is rolled back to a savepoint, unless the error
 * says its writes must stay (a failed sign-in).
 */
export function formRoute<
  A extends PageAudience = 'signed_in',
  P extends z.ZodType | undefined = undefined,
  F extends z.ZodType = z.ZodType,
>(app: FastifyInstance, db: Db, spec: FormSpec<A, P, F>): void {
  app.post(spec.url, { schema: { hide: true }, ...(spec.config ? { config: spec.config } : {}) }, async (request, reply) => {
    const upload = spec.upload ? await readUploadAhead(request) : undefined;
    // The answer is sent only after the transaction has committed: a browser that follows a
    // redirect at once must find the writes of this request.
    const answer = await inRequest(
      db,
      request,
      reply,
      spec.audience ?? 'signed_in',
      async (context): Promise<{ location: string } | FormPage | FastifyReply> => {
        const params = parsePageInput(spec.params, request.params, true);
        const base = { ...context, params, view: await pageView(request, context.tx) } as FormContext<A, P>;
        // A multipart form's fields come with its upload; any other form's in the body.
        const fields = upload && 'file' in upload ? upload.file.fields : ((request.body ?? {}) as Record<string, unknown>);
        const values = Object.fromEntries(Object.entries(fields).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<
          string,
          string
        >;
        // A post to a sub-path answers with the page of its form; the frame (language switch) belongs to that page.
        const again = async (errors: FieldErrors, status: number): Promise<FormPage> => ({
          page: await spec.render({ ...base, errors, values }),
          status,
        });
        // A control character (NUL) in any field is refused before the schema: PostgreSQL would not store it.
        const forbidden = forbiddenCharacterFields(fields);
        if (Object.keys(forbidden).length > 0) return again(forbidden, 400);
        const parsed = spec.form.safeParse(fields);
        if (!parsed.success) return again(issueFields(parsed.error), 400);
        await sql`SAVEPOINT form_command`.execute(context.tx);
        const audited = auditMark(context.tx);
        try {
          if (upload && 'error' in upload) throw upload.error;
          const next = await spec.command({ ...base, form: parsed.data, file: upload?.file });
          return typeof next === 'string' ? { location: next } : next;
        } catch (error) {
          if (!(error instanceof AppError) || (!FORM_ERROR_STATUSES.includes(error.status) && !error.keepsWrites)) throw error;
          if (!error.keepsWrites) {
            await sql`ROLLBACK TO SAVEPOINT form_command`.execute(context.tx);
            discardAuditSince(context.tx, audited);
          }
          const errors =
            Object.keys(error.fields).length > 0
              ? Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [spec.fieldNames?.[k] ?? k, v]))
              : { [spec.generalField ?? '_']: error.messageKey };
          return again(errors, error.status);
        }
      },
    );
    if (isReply(answer, reply)) return answer;
    if ('location' in answer) return redirect(reply, answer.location);
    return sendPage(reply, answer.page, answer.status ?? 200);
  });
}

function parsePageInput<S extends z.ZodType | undefined>(schema: S, value: unknown, isPath: boolean): Maybe<S> {
  if (!schema) return undefined as Maybe<S>;
  // Not a filter anyone typed: a control character (NUL) would end in the database's error.
  if (!isPath) rejectForbiddenCharacters(value);
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data as Maybe<S>;
  if (isPath) throw notFound();
  // A hand-edited filter is not worth an error page: the schema's defaults apply.
  return schema.parse({}) as Maybe<S>;
}

function isReply(value: unknown, reply: FastifyReply): value is FastifyReply {
  return value === reply;
}
