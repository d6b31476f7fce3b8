import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { changePassword } from '../../domain/auth/sign-in.js';
import { AppError } from '../../errors.js';
import { ErrorSummary, Form, SubmitButton, TextField, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { View } from '../components/view.js';
import { field, redirect, requireSignedIn } from '../context.js';
import { sendPage, viewOf } from '../render.js';

function PasswordPage({ view, mustChange, errors }: { view: View; mustChange: boolean; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('password.title')}>
      {mustChange && <p class="utrecht-paragraph">{t('password.must_change')}</p>}
      <ErrorSummary view={view} errors={errors} order={['current', 'password', 'confirmation']} />
      <Form view={view} action="/account/password">
        {/* Tells password managers whose password this is (not sent: it has no name). */}
        <input type="email" autoComplete="username" value={view.who?.user.email} hidden readOnly />
        {!mustChange && (
          <TextField view={view} name="current" type="password" label={t('field.password_current')} errors={errors} required autocomplete="current-password" />
        )}
        <TextField view={view} name="password" type="password" label={t('field.password_new')} hint={t('field.password_hint')} errors={errors} required autocomplete="new-password" />
        <TextField view={view} name="confirmation" type="password" label={t('field.password_confirm')} errors={errors} required autocomplete="new-password" />
        <SubmitButton>{t('password.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export function accountRoutes(app: FastifyInstance, db: Db) {
  app.get('/account', async (request, reply) => {
    const who = requireSignedIn(request);
    const view = viewOf(request);
    const t = view.t;
    return sendPage(
      reply,
      <Layout view={view} title={t('account.title')}>
        <dl class="utrecht-data-list">
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('field.name')}</dt>
            <dd class="utrecht-data-list__item-value">{who.user.name}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('field.email')}</dt>
            <dd class="utrecht-data-list__item-value">{who.user.email}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('field.roles')}</dt>
            <dd class="utrecht-data-list__item-value">{who.user.roles.map((r) => t(`role.${r}`)).join(', ')}</dd>
          </div>
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('account.second_factor')}</dt>
            <dd class="utrecht-data-list__item-value">{t(who.user.secondFactorEnrolled ? 'account.second_factor_on' : 'account.second_factor_off')}</dd>
          </div>
        </dl>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/account/password">{t('password.title')}</a>
        </p>
      </Layout>,
    );
  });

  app.get('/account/password', async (request, reply) => {
    const who = requireSignedIn(request);
    return sendPage(reply, <PasswordPage view={viewOf(request)} mustChange={who.user.mustChangePassword} errors={{}} />);
  });

  app.post('/account/password', async (request, reply) => {
    const who = requireSignedIn(request);
    try {
      await changePassword(db, who, {
        current: field(request.body, 'current'),
        password: field(request.body, 'password'),
        confirmation: field(request.body, 'confirmation'),
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const errors = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k === '_' ? 'password' : k, v]));
      return sendPage(reply, <PasswordPage view={viewOf(request)} mustChange={who.user.mustChangePassword} errors={errors} />, 400);
    }
    // After the forced change at first sign-in, go on to where the person was heading: home.
    return redirect(reply, who.user.mustChangePassword ? '/?notice=password.changed' : '/account?notice=password.changed');
  });
}
