import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { beginEnrolment, confirmEnrolment, signIn, signOut, verifySecondFactor } from '../../domain/auth/sign-in.js';
import { totpEnrolment } from '../../domain/auth/totp.js';
import { tooManyRequests } from '../../errors.js';
import { Code, ErrorSummary, Form, Layout, Link, Paragraph, SubmitButton, TextField, type FieldErrors } from '../components/index.js';
import type { View } from '../components/view.js';
import { redirect, safeLocalPath } from '../context.js';
import { formRequired, formText } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../session-cookie.js';
import { RecoveryCodesPage } from './account-recovery.js';
import { providerSignOutUrl, type SsoEnvironment } from '../../domain/sso/sso-sign-in.js';
import { SignedOutPage, SsoSignInForm } from './sso.js';

/** Where to go after signing in (?next=…): only a path on this site. */
const nextQuery = z.object({ next: z.string().optional().catch(undefined) }).catch({ next: undefined });
const nextOf = (query: unknown) => safeLocalPath(nextQuery.parse(query).next);

const signInForm = z.object({
  email: formRequired('error.email_required', 254),
  // A password is taken as typed: no trimming.
  password: z.preprocess(
    (v) => (Array.isArray(v) ? v[0] : v) ?? '',
    z.string().min(1, 'error.password_too_short').max(200, 'error.password_too_long'),
  ),
});

const codeForm = z.object({ code: formText(20) });

/** The message for a failed sign-in names no field: shown as one alert, not as a field error. */
const SIGN_IN_FAILED = '_';

function SignInPage({ view, email, next, errors }: { view: View; email: string; next: string; errors: FieldErrors }) {
  const t = view.t;
  const { [SIGN_IN_FAILED]: message, ...fieldErrors } = errors;
  return (
    <Layout view={view} title={t('signin.title')}>
      {/* Alert takes no tabIndex nor autoFocus: this one takes the focus, so it stays a plain div. */}
      {message && (
        <div class="utrecht-alert utrecht-alert--error" role="alert" tabIndex={-1} autoFocus>
          <Paragraph>{t(message)}</Paragraph>
        </div>
      )}
      <ErrorSummary view={view} errors={fieldErrors} order={['email', 'password']} />
      <Form view={view} action={`/sign-in?next=${encodeURIComponent(next)}`}>
        <TextField
          view={view}
          name="email"
          type="email"
          label={t('field.email')}
          value={email}
          errors={fieldErrors}
          required
          autocomplete="username"
        />
        <TextField
          view={view}
          name="password"
          type="password"
          label={t('field.password')}
          errors={fieldErrors}
          required
          autocomplete="current-password"
        />
        <SubmitButton>{t('signin.submit')}</SubmitButton>
      </Form>
      <Paragraph>
        <Link href="/sign-in/forgot">{t('forgot.link')}</Link>
      </Paragraph>
      <SsoSignInForm view={view} next={next} errors={{}} />
    </Layout>
  );
}

function SecondFactorPage({ view, errors }: { view: View; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('totp.title')}>
      <Paragraph>{t('totp.intro')}</Paragraph>
      <Paragraph>{t('totp.recovery_hint')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/sign-in/second-factor">
        <TextField
          view={view}
          name="code"
          label={t('field.code')}
          hint={t('field.code_hint')}
          errors={errors}
          required
          autocomplete="one-time-code"
          inputMode="numeric"
        />
        <SubmitButton>{t('totp.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

function EnrolPage({ view, qrSvg, uri, secret, errors }: { view: View; qrSvg: string; uri: string; secret: string; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('totp.enrol_title')}>
      <Paragraph>{t('totp.enrol_intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <img
        class="wb-qr"
        src={`data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`}
        alt={t('totp.qr_alt')}
        width={200}
        height={200}
      />
      <Paragraph>
        {t('totp.manual')} <Code secret>{secret.match(/.{1,4}/g)?.join(' ')}</Code>
      </Paragraph>
      {/* A QR code cannot be scanned by the phone that shows it: the same secret as a link. */}
      <Paragraph>{t('enrol.phone_intro')}</Paragraph>
      <Paragraph>
        <Link href={uri}>{t('enrol.phone_link')}</Link>
      </Paragraph>
      <Form view={view} action="/sign-in/second-factor">
        <TextField
          view={view}
          name="code"
          label={t('field.code')}
          hint={t('field.code_hint')}
          errors={errors}
          required
          autocomplete="one-time-code"
          inputMode="numeric"
        />
        <SubmitButton>{t('totp.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** The code page for an enrolled person; otherwise the enrolment page with its secret. */
async function secondFactorPage(tx: Tx, who: SignedIn, view: View, errors: FieldErrors) {
  if (who.user.secondFactorEnrolled) return <SecondFactorPage view={view} errors={errors} />;
  const secret = await beginEnrolment(tx, who);
  const { qrSvg, uri } = await totpEnrolment(secret, who.user.email);
  return <EnrolPage view={view} qrSvg={qrSvg} uri={uri} secret={secret} errors={errors} />;
}

export interface SignInLimits {
  /** Attempts per client address per minute (the address as the trusted proxies say). */
  attemptsPerMinute: number;
  /** Attempts per account (e-mail address) per 15 minutes, from whatever address. */
  attemptsPerAccount: number;
  /** A new session's absolute lifetime in hours. */
  sessionMaxHours: number;
  /** For the identity provider's sign-out, offered after a session that began there. */
  sso: SsoEnvironment;
}

/** The e-mail address a sign-in form names, as sign-in looks it up; the key of the per-account limit. */
function accountKey(request: FastifyRequest): string {
  const email = (request.body as Record<string, unknown> | undefined)?.email;
  const first: unknown = Array.isArray(email) ? email[0] : email;
  return `account:${typeof first === 'string' ? first.trim().toLowerCase().slice(0, 254) : ''}`;
}

export function signInRoutes(app: FastifyInstance, db: Db, limits: SignInLimits) {
  // Per address, before any account is locked: slows down guessing across many accounts.
  const signInLimit = { rateLimit: { max: limits.attemptsPerMinute, timeWindow: '1 minute' } };
  // Per account, from any number of addresses: guessing one person's password stays slow, and
  // an account under attack costs at most this many password hashes per window, locked or not.
  // Unknown addresses are counted the same way, so the answer does not tell them apart. In
  // memory, like the per-address limit: with several servers each counts its own; the lockout
  // after five failures (in the database) holds across all of them.
  const accountLimit = app.createRateLimit({ max: limits.attemptsPerAccount, timeWindow: '15 minutes', keyGenerator: accountKey });

  pageRoute(app, db, {
    url: '/sign-in',
    audience: 'public',
    handler: async ({ who, view, request, reply }) => {
      const next = nextOf(request.query);
      if (who?.stage === 'complete') return redirect(reply, next);
      return <SignInPage view={view} email="" next={next} errors={{}} />;
    },
  });

  formRoute(app, db, {
    url: '/sign-in',
    audience: 'public',
    config: signInLimit,
    form: signInForm,
    command: async ({ tx, form, request, reply }) => {
      // Where to go is settled before the password is checked: no value of ?next= can fail
      // the request after a session was made.
      const next = nextOf(request.query);
      const limit = await accountLimit(request);
      if (!limit.isAllowed && limit.isExceeded) throw tooManyRequests();
      const session = await signIn(tx, {
        email: form.email,
        password: form.password,
        originIp: request.ip,
        sessionMaxHours: limits.sessionMaxHours,
        userAgent: request.headers['user-agent'],
      });
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(request));
      return session.stage === 'complete' ? next : '/sign-in/second-factor';
    },
    generalField: SIGN_IN_FAILED,
    render: async ({ view, values, errors, request }) => (
      <SignInPage view={view} email={values.email ?? ''} next={nextOf(request.query)} errors={errors} />
    ),
  });

  pageRoute(app, db, {
    url: '/sign-in/second-factor',
    audience: 'second_factor',
    handler: async ({ tx, who, view, reply }) => (who.stage === 'complete' ? redirect(reply, '/') : secondFactorPage(tx, who, view, {})),
  });

  formRoute(app, db, {
    url: '/sign-in/second-factor',
    audience: 'second_factor',
    config: signInLimit,
    form: codeForm,
    command: async ({ tx, who, form, view }) => {
      if (who.stage === 'complete') return '/';
      if (who.user.secondFactorEnrolled) {
        await verifySecondFactor(tx, who, form.code);
        return '/';
      }
      // The recovery codes are shown once, in the answer itself; nothing keeps them readable.
      const codes = await confirmEnrolment(tx, who, form.code);
      return {
        page: <RecoveryCodesPage view={view} codes={codes} next={{ href: '/?notice=totp.enrolled', label: view.t('recovery.continue') }} />,
      };
    },
    generalField: 'code',
    render: async ({ tx, who, view, errors }) => secondFactorPage(tx, who, view, errors),
  });

  // Open to any session, also one half-way through sign-in that wants to stop.
  formRoute(app, db, {
    url: '/sign-out',
    audience: 'public',
    form: z.object({}),
    command: async ({ tx, who, request, reply, view }) => {
      // Read before the session ends: it holds the ID token the provider's sign-out is asked with.
      const providerSignOut = who ? await providerSignOutUrl(tx, limits.sso, who) : undefined;
      if (who) await signOut(tx, who);
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      if (!providerSignOut) return '/sign-in?notice=signin.signed_out';
      // Signed out here; the organisation's own sign-out is offered, not forced (it ends every application there).
      return { page: <SignedOutPage view={{ ...view, who: undefined, unread: undefined }} providerSignOut={providerSignOut} /> };
    },
    render: async ({ view, errors }) => <SignInPage view={view} email="" next="/" errors={errors} />,
  });
}
