import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { SSO_CALLBACK_PATH, askProvider, beginSsoSignIn, completeSsoSignIn, type SsoEnvironment } from '../../domain/sso/sso-sign-in.js';
import { AppError, invalidField } from '../../errors.js';
import { ErrorSummary, Form, Heading, Layout, Link, Paragraph, SubmitButton, TextField, type FieldErrors } from '../components/index.js';
import type { View } from '../components/view.js';
import { redirect, safeLocalPath } from '../context.js';
import { formRequired } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';
import { inRequest } from '../pipeline/request.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../session-cookie.js';

/** The sealed sign-in state while the person is at their identity provider (ten minutes at most). */
export const SSO_STATE_COOKIE = 'wb_sso';
const STATE_COOKIE_PATH = '/sign-in/sso';

const nextQuery = z.object({ next: z.string().optional().catch(undefined) }).catch({ next: undefined });
const nextOf = (query: unknown) => safeLocalPath(nextQuery.parse(query).next);

const ssoForm = z.object({ organisation: formRequired('sso.error.unknown_org', 100) });

/** The part of the sign-in page that sends someone to their organisation's identity provider. */
export function SsoSignInForm({ view, next, errors, value }: { view: View; next: string; errors: FieldErrors; value?: string }) {
  const t = view.t;
  return (
    <>
      <Heading level={2}>{t('sso.signin_heading')}</Heading>
      <Paragraph>{t('sso.signin_intro')}</Paragraph>
      <Form view={view} action={`/sign-in/sso?next=${encodeURIComponent(next)}`}>
        <TextField
          view={view}
          name="organisation"
          label={t('sso.field.organisation')}
          hint={t('sso.field.organisation_hint')}
          value={value ?? ''}
          errors={errors}
          autocomplete="organization"
        />
        <SubmitButton>{t('sso.signin_submit')}</SubmitButton>
      </Form>
    </>
  );
}

function SsoSignInPage({ view, next, errors, value }: { view: View; next: string; errors: FieldErrors; value?: string }) {
  return (
    <Layout view={view} title={view.t('sso.signin_heading')}>
      <ErrorSummary view={view} errors={errors} />
      <SsoSignInForm view={view} next={next} errors={errors} value={value} />
      <Paragraph>
        <Link href="/sign-in">{view.t('sso.back_to_sign_in')}</Link>
      </Paragraph>
    </Layout>
  );
}

/** On the way to the identity provider, for a browser that does not follow the Refresh header at once. */
function OnToProviderPage({ view, url }: { view: View; url: string }) {
  return (
    <Layout view={view} title={view.t('sso.on_to_provider_title')}>
      <Paragraph>
        <Link href={url}>{view.t('sso.on_to_provider')}</Link>
      </Paragraph>
    </Layout>
  );
}

/** After signing out of a session that began at the identity provider: the provider's sign-out offered too. */
export function SignedOutPage({ view, providerSignOut }: { view: View; providerSignOut: string }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('sso.signed_out_title')}>
      <Paragraph>{t('sso.signed_out_intro')}</Paragraph>
      <Paragraph>
        <Link href={providerSignOut}>{t('sso.provider_sign_out')}</Link>
      </Paragraph>
      <Paragraph>
        <Link href="/sign-in">{t('sso.back_to_sign_in')}</Link>
      </Paragraph>
    </Layout>
  );
}

/**
 * Sign-in through the organisation's identity provider: from the sign-in page (the
 * organisation's short name) or a direct link (/sign-in/sso/SLUG) to the provider, and back
 * to the callback, which makes the session as a password sign-in does.
 */
export function ssoSignInRoutes(
  app: FastifyInstance,
  db: Db,
  sso: SsoEnvironment,
  limits: { attemptsPerMinute: number; sessionMaxHours: number },
) {
  const signInLimit = { rateLimit: { max: limits.attemptsPerMinute, timeWindow: '1 minute' } };
  const stateCookie = (request: Parameters<typeof sessionCookieOptions>[0]) => ({
    ...sessionCookieOptions(request),
    path: STATE_COOKIE_PATH,
    maxAge: 600,
  });

  pageRoute(app, db, {
    url: '/sign-in/sso',
    audience: 'public',
    handler: async ({ view, request }) => <SsoSignInPage view={view} next={nextOf(request.query)} errors={{}} />,
  });

  formRoute(app, db, {
    url: '/sign-in/sso',
    audience: 'public',
    config: signInLimit,
    form: ssoForm,
    command: async ({ tx, form, request, reply, view }) => {
      const begun = await beginSsoSignIn(tx, sso, form.organisation.toLowerCase(), nextOf(request.query)).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404) throw invalidField('organisation', 'sso.error.unknown_org');
        throw error;
      });
      reply.setCookie(SSO_STATE_COOKIE, begun.sealed, stateCookie(request));
      // Not a redirect: a form may only lead to this site (CSP form-action 'self', which browsers
      // also apply to a redirect after a form). The page moves on by itself (Refresh) or by its link.
      reply.header('refresh', `0;url=${begun.url}`);
      return { page: <OnToProviderPage view={view} url={begun.url} /> };
    },
    render: async ({ view, errors, values, request }) => (
      <SsoSignInPage view={view} next={nextOf(request.query)} errors={errors} value={values.organisation} />
    ),
  });

  // Not a pageRoute: the exchange with the provider happens before the request's transaction
  // opens (askProvider), and only the writes run inside it.
  app.get(SSO_CALLBACK_PATH, { schema: { hide: true }, config: signInLimit }, async (request, reply) => {
    const answer = await askProvider(db, sso, request.cookies[SSO_STATE_COOKIE], new URL(`${sso.publicUrl}${request.url}`));
    return inRequest(db, request, reply, 'public', async ({ tx }) => {
      // Used once, whatever the outcome.
      reply.clearCookie(SSO_STATE_COOKIE, stateCookie(request));
      const session = await completeSsoSignIn(tx, sso, answer, {
        originIp: request.ip,
        userAgent: request.headers['user-agent'],
        sessionMaxHours: limits.sessionMaxHours,
      });
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(request));
      return redirect(reply, session.stage === 'complete' ? session.next : '/sign-in/second-factor');
    });
  });

  pageRoute(app, db, {
    url: '/sign-in/sso/:slug',
    audience: 'public',
    config: signInLimit,
    params: z.object({ slug: z.string().regex(/^[a-z0-9-]{1,100}$/) }),
    handler: async ({ tx, params, request, reply }) => {
      const begun = await beginSsoSignIn(tx, sso, params.slug, nextOf(request.query));
      reply.setCookie(SSO_STATE_COOKIE, begun.sealed, stateCookie(request));
      return redirect(reply, begun.url);
    },
  });
}
