import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import { openAccountToken, requestPasswordReset, setPasswordByToken, type OpenedToken } from '../../domain/account/account-token.js';
import { regenerateRecoveryCodes, remainingRecoveryCodes } from '../../domain/account/recovery-codes.js';
import {
  endOtherOwnSessions,
  endOwnSession,
  listOwnSessions,
  summariseUserAgent,
  type SessionInfo,
} from '../../domain/account/sessions.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { passwordSchema } from '../../domain/user/user.schema.js';
import { tooManyRequests } from '../../errors.js';
import {
  Alert,
  Button,
  Code,
  ErrorSummary,
  Form,
  Layout,
  Link,
  OrderedList,
  OrderedListItem,
  Paragraph,
  SubmitButton,
  Table,
  TextField,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formRequired } from '../forms.js';
import { formatDateTime } from '../i18n/index.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../session-cookie.js';

export interface AccountRecoveryLimits {
  /** Requests per client address per minute (forgotten password, setting a password by link). */
  attemptsPerMinute: number;
  /** Reset mails asked for one address per 15 minutes, from whatever client address. */
  resetsPerAccount: number;
}

const forgotForm = z.object({ email: formRequired('error.email_required', 254) });

/** A password is taken as typed (no trimming); a repeated field counts once. */
const setPasswordForm = z
  .preprocess(
    (body) => Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
    z.object({ password: passwordSchema, confirmation: z.string({ error: 'error.password_mismatch' }) }),
  )
  .refine((form) => form.password === form.confirmation, { path: ['confirmation'], message: 'error.password_mismatch' });

/** A link's token: anything else is a page that does not exist. */
const tokenParams = z.object({ token: z.string().regex(/^wbr_[A-Za-z0-9_-]{43}$/) });

const sessionParams = z.object({ id: z.uuid() });

function emailOf(request: FastifyRequest): string {
  const email = (request.body as Record<string, unknown> | undefined)?.email;
  const first: unknown = Array.isArray(email) ? email[0] : email;
  return `reset:${typeof first === 'string' ? first.trim().toLowerCase().slice(0, 254) : ''}`;
}

function ForgotPage({ view, email, errors }: { view: View; email: string; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('forgot.title')}>
      <Paragraph>{t('forgot.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} order={['email']} />
      <Form view={view} action="/sign-in/forgot">
        <TextField
          view={view}
          name="email"
          type="email"
          label={t('field.email')}
          value={email}
          errors={errors}
          required
          autocomplete="username"
        />
        <SubmitButton>{t('forgot.submit')}</SubmitButton>
      </Form>
      <Paragraph>
        <Link href="/sign-in">{t('forgot.back')}</Link>
      </Paragraph>
    </Layout>
  );
}

/** The answer to every request for a reset: the same words whether or not the address is known. */
function ForgotSentPage({ view }: { view: View }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('forgot.title')}>
      <Alert type="info" role="status">
        <Paragraph>{t('forgot.sent')}</Paragraph>
      </Alert>
      <Paragraph>
        <Link href="/sign-in">{t('forgot.back')}</Link>
      </Paragraph>
    </Layout>
  );
}

function SetPasswordPage({ view, opened, token, errors }: { view: View; opened: OpenedToken; token: string; errors: FieldErrors }) {
  const t = view.t;
  const invitation = opened.purpose === 'invitation';
  return (
    <Layout view={view} title={t(invitation ? 'setpw.invitation_title' : 'setpw.reset_title')}>
      <Paragraph>
        {invitation ? t('setpw.invitation_intro', { name: opened.user.name, org: opened.organisationName }) : t('setpw.reset_intro')}
      </Paragraph>
      <ErrorSummary view={view} errors={errors} order={['password', 'confirmation']} />
      <Form view={view} action={`/account/set-password/${token}`}>
        {/* Tells password managers whose password this is (not sent: it has no name). */}
        <input type="email" autoComplete="username" value={opened.user.email} hidden readOnly />
        <TextField
          view={view}
          name="password"
          type="password"
          label={t('field.password_new')}
          hint={t('field.password_hint')}
          errors={errors}
          required
          autocomplete="new-password"
        />
        <TextField
          view={view}
          name="confirmation"
          type="password"
          label={t('field.password_confirm')}
          errors={errors}
          required
          autocomplete="new-password"
        />
        <SubmitButton>{t('password.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** Ten recovery codes, shown once: after enrolment and after making new ones. */
export function RecoveryCodesPage({ view, codes, next }: { view: View; codes: string[]; next: { href: string; label: string } }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('recovery.title')}>
      <Alert type="warning" role="status">
        <Paragraph>{t('recovery.shown_once')}</Paragraph>
      </Alert>
      <OrderedList>
        {codes.map((code) => (
          <OrderedListItem key={code}>
            <Code>{code}</Code>
          </OrderedListItem>
        ))}
      </OrderedList>
      <Paragraph>{t('recovery.how')}</Paragraph>
      <Paragraph>
        <Link href={next.href}>{next.label}</Link>
      </Paragraph>
    </Layout>
  );
}

function RecoveryPage({ view, remaining, errors }: { view: View; remaining: number; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('recovery.manage_title')}>
      <ErrorSummary view={view} errors={errors} />
      <Paragraph>{t('recovery.remaining', { count: String(remaining) })}</Paragraph>
      <Paragraph>{t('recovery.regenerate_intro')}</Paragraph>
      <Form view={view} action="/account/recovery-codes">
        <SubmitButton>{t('recovery.regenerate')}</SubmitButton>
      </Form>
      <Paragraph>
        <Link href="/account">{t('account.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

function where(view: View, session: SessionInfo): string {
  const { browser, system } = summariseUserAgent(session.userAgent);
  if (browser && system) return view.t('sessions.browser_on', { browser, system });
  return browser ?? system ?? view.t('sessions.unknown_browser');
}

function SessionsPage({ view, sessions, errors }: { view: View; sessions: SessionInfo[]; errors: FieldErrors }) {
  const t = view.t;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Layout view={view} title={t('sessions.title')}>
      <ErrorSummary view={view} errors={errors} />
      <Paragraph>{t('sessions.intro')}</Paragraph>
      <Table
        caption={t('sessions.title')}
        captionHidden
        rows={sessions}
        empty={t('sessions.none')}
        columns={[
          {
            header: t('sessions.device'),
            cell: (s) => (s.current ? `${where(view, s)} (${t('sessions.this_one')})` : where(view, s)),
            rowHeader: true,
          },
          { header: t('sessions.address'), cell: (s) => s.originIp ?? t('sessions.unknown_address') },
          { header: t('sessions.since'), cell: (s) => formatDateTime(s.createdAt, view.lang) },
          { header: t('sessions.last_seen'), cell: (s) => formatDateTime(s.lastSeenAt, view.lang) },
          {
            header: t('sessions.actions'),
            cell: (s) => (
              <form method="post" action={`/account/sessions/${s.id}/sign-out`} class="wb-inline">
                <input type="hidden" name="_csrf" value={view.csrfToken} />
                <Button variant="secondary">
                  {t(s.current ? 'sessions.sign_out_this' : 'sessions.sign_out', { device: where(view, s) })}
                </Button>
              </form>
            ),
          },
        ]}
      />
      {others > 0 && (
        <Form view={view} action="/account/sessions/sign-out-others">
          <SubmitButton>{t('sessions.sign_out_others')}</SubmitButton>
        </Form>
      )}
      <Paragraph>
        <Link href="/account">{t('account.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

async function sessionsPage(tx: Tx, who: SignedIn, view: View, errors: FieldErrors = {}) {
  return <SessionsPage view={{ ...view, path: '/account/sessions' }} sessions={await listOwnSessions(tx, who)} errors={errors} />;
}

/**
 * "Wachtwoord vergeten" and the links of its mails and of invitations (public), the person's
 * own sessions and their recovery codes (signed in).
 */
export function accountRecoveryRoutes(app: FastifyInstance, db: Db, limits: AccountRecoveryLimits) {
  const perAddress = { rateLimit: { max: limits.attemptsPerMinute, timeWindow: '1 minute' } };
  // Per address asked for, from any client: nobody fills someone's mailbox with reset mails.
  // Unknown addresses are counted the same way, so the limit tells nothing either.
  const perAccount = app.createRateLimit({ max: limits.resetsPerAccount, timeWindow: '15 minutes', keyGenerator: emailOf });

  pageRoute(app, db, {
    url: '/sign-in/forgot',
    audience: 'public',
    handler: async ({ view }) => <ForgotPage view={view} email="" errors={{}} />,
  });

  formRoute(app, db, {
    url: '/sign-in/forgot',
    audience: 'public',
    config: perAddress,
    form: forgotForm,
    command: async ({ tx, form, request, view }) => {
      const limit = await perAccount(request);
      if (!limit.isAllowed && limit.isExceeded) throw tooManyRequests();
      await requestPasswordReset(tx, { email: form.email, originIp: request.ip });
      return { page: <ForgotSentPage view={view} /> };
    },
    generalField: 'email',
    render: async ({ view, values, errors }) => <ForgotPage view={view} email={values.email ?? ''} errors={errors} />,
  });

  pageRoute(app, db, {
    url: '/account/set-password/:token',
    audience: 'public',
    params: tokenParams,
    config: perAddress,
    handler: async ({ tx, view, params }) => (
      <SetPasswordPage view={view} opened={await openAccountToken(tx, params.token)} token={params.token} errors={{}} />
    ),
  });

  formRoute(app, db, {
    url: '/account/set-password/:token',
    audience: 'public',
    params: tokenParams,
    config: perAddress,
    form: setPasswordForm,
    command: async ({ tx, who, params, form, request, reply }) => {
      const done = await setPasswordByToken(tx, { token: params.token, password: form.password, originIp: request.ip });
      // The browser's own session ended with the others if it was this person's.
      if (who?.user.id === done.user.id) reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      return '/sign-in?notice=setpw.done';
    },
    generalField: 'password',
    render: async ({ tx, view, params, errors }) => (
      <SetPasswordPage view={view} opened={await openAccountToken(tx, params.token)} token={params.token} errors={errors} />
    ),
  });

  pageRoute(app, db, {
    url: '/account/sessions',
    handler: async ({ tx, who, view }) => sessionsPage(tx, who, view),
  });

  formRoute(app, db, {
    url: '/account/sessions/sign-out-others',
    form: z.object({}).loose(),
    command: async ({ tx, who }) => {
      await endOtherOwnSessions(tx, who);
      return '/account/sessions?notice=sessions.others_ended';
    },
    render: async ({ tx, who, view, errors }) => sessionsPage(tx, who, view, errors),
  });

  formRoute(app, db, {
    url: '/account/sessions/:id/sign-out',
    params: sessionParams,
    form: z.object({}).loose(),
    command: async ({ tx, who, params, request, reply }) => {
      const { wasCurrent } = await endOwnSession(tx, who, params.id);
      if (!wasCurrent) return '/account/sessions?notice=sessions.ended';
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      return '/sign-in?notice=signin.signed_out';
    },
    render: async ({ tx, who, view, errors }) => sessionsPage(tx, who, view, errors),
  });

  pageRoute(app, db, {
    url: '/account/recovery-codes',
    handler: async ({ tx, who, view }) => (
      <RecoveryPage view={view} remaining={await remainingRecoveryCodes(tx, who.user.id)} errors={{}} />
    ),
  });

  formRoute(app, db, {
    url: '/account/recovery-codes',
    form: z.object({}).loose(),
    command: async ({ tx, who, view }) => {
      const codes = await regenerateRecoveryCodes(tx, { ...actorOf(who), userId: who.user.id }, who.user.secondFactorEnrolled);
      return { page: <RecoveryCodesPage view={view} codes={codes} next={{ href: '/account', label: view.t('account.title') }} /> };
    },
    render: async ({ tx, who, view, errors }) => (
      <RecoveryPage view={view} remaining={await remainingRecoveryCodes(tx, who.user.id)} errors={errors} />
    ),
  });
}
