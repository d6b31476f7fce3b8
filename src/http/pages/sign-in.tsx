import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { beginEnrolment, confirmEnrolment, signIn, signOut, verifySecondFactor } from '../../domain/auth/sign-in.js';
import { totpEnrolment } from '../../domain/auth/totp.js';
import { AppError } from '../../errors.js';
import { ErrorSummary, Form, SubmitButton, TextField, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { View } from '../components/view.js';
import { field, redirect, safeLocalPath } from '../context.js';
import { sendPage, viewOf } from '../render.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../session-cookie.js';

function SignInPage({ view, email, next, errors, message }: { view: View; email: string; next: string; errors: FieldErrors; message?: string }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('signin.title')}>
      {message && (
        <div class="utrecht-alert utrecht-alert--error" role="alert" tabIndex={-1} autoFocus>
          <p class="utrecht-paragraph">{t(message)}</p>
        </div>
      )}
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={`/sign-in?next=${encodeURIComponent(next)}`}>
        <TextField view={view} name="email" type="email" label={t('field.email')} value={email} errors={errors} required autocomplete="username" />
        <TextField view={view} name="password" type="password" label={t('field.password')} errors={errors} required autocomplete="current-password" />
        <SubmitButton>{t('signin.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

function SecondFactorPage({ view, errors }: { view: View; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('totp.title')}>
      <p class="utrecht-paragraph">{t('totp.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/sign-in/second-factor">
        <TextField view={view} name="code" label={t('field.code')} hint={t('field.code_hint')} errors={errors} required autocomplete="one-time-code" inputMode="numeric" />
        <SubmitButton>{t('totp.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

function EnrolPage({ view, qrSvg, secret, errors }: { view: View; qrSvg: string; secret: string; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('totp.enrol_title')}>
      <p class="utrecht-paragraph">{t('totp.enrol_intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <img class="wb-qr" src={`data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`} alt={t('totp.qr_alt')} width={200} height={200} />
      <p class="utrecht-paragraph">
        {t('totp.manual')} <code class="utrecht-code wb-secret">{secret.match(/.{1,4}/g)?.join(' ')}</code>
      </p>
      <Form view={view} action="/sign-in/second-factor">
        <TextField view={view} name="code" label={t('field.code')} hint={t('field.code_hint')} errors={errors} required autocomplete="one-time-code" inputMode="numeric" />
        <SubmitButton>{t('totp.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

async function renderSecondFactor(db: Db, request: FastifyRequest, reply: FastifyReply, who: SignedIn, errors: FieldErrors, status = 200) {
  if (who.user.secondFactorEnrolled) return sendPage(reply, <SecondFactorPage view={viewOf(request)} errors={errors} />, status);
  const secret = await beginEnrolment(db, who);
  const { qrSvg } = await totpEnrolment(secret, who.user.email);
  return sendPage(reply, <EnrolPage view={viewOf(request)} qrSvg={qrSvg} secret={secret} errors={errors} />, status);
}

export function signInRoutes(app: FastifyInstance, db: Db, attemptsPerMinute: number) {
  const signInLimit = { rateLimit: { max: attemptsPerMinute, timeWindow: '1 minute' } };

  app.get('/sign-in', async (request, reply) => {
    const next = safeLocalPath((request.query as Record<string, unknown>).next);
    if (request.who?.stage === 'complete') return redirect(reply, next);
    return sendPage(reply, <SignInPage view={viewOf(request)} email="" next={next} errors={{}} />);
  });

  app.post('/sign-in', { config: signInLimit }, async (request, reply) => {
    const next = safeLocalPath((request.query as Record<string, unknown>).next);
    const email = field(request.body, 'email');
    const password = field(request.body, 'password');
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = 'error.email_required';
    if (!password) errors.password = 'error.password_too_short';
    if (Object.keys(errors).length > 0) {
      return sendPage(reply, <SignInPage view={viewOf(request)} email={email} next={next} errors={errors} />, 400);
    }
    try {
      const session = await signIn(db, { email, password, originIp: request.ip });
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(request));
      return redirect(reply, session.stage === 'complete' ? next : '/sign-in/second-factor');
    } catch (error) {
      if (!(error instanceof AppError) || error.id !== 'sign_in_failed') throw error;
      return sendPage(reply, <SignInPage view={viewOf(request)} email={email} next={next} errors={{}} message={error.messageKey} />, 401);
    }
  });

  app.get('/sign-in/second-factor', async (request, reply) => {
    const who = request.who;
    if (!who?.sessionId) return redirect(reply, '/sign-in');
    if (who.stage === 'complete') return redirect(reply, '/');
    return renderSecondFactor(db, request, reply, who, {});
  });

  app.post('/sign-in/second-factor', { config: signInLimit }, async (request, reply) => {
    const who = request.who;
    if (!who?.sessionId) return redirect(reply, '/sign-in');
    if (who.stage === 'complete') return redirect(reply, '/');
    const code = field(request.body, 'code');
    try {
      if (who.user.secondFactorEnrolled) await verifySecondFactor(db, who, code);
      else await confirmEnrolment(db, who, code);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      return renderSecondFactor(db, request, reply, who, error.fields, 400);
    }
    return redirect(reply, who.user.secondFactorEnrolled ? '/' : '/?notice=totp.enrolled');
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.who) await signOut(db, request.who);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return redirect(reply, '/sign-in?notice=signin.signed_out');
  });
}
