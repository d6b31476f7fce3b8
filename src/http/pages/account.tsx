import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { changePassword } from '../../domain/auth/sign-in.js';
import { passwordChangeSchema } from '../../domain/user/user.schema.js';
import {
  DataList,
  DataRow,
  ErrorSummary,
  Form,
  Layout,
  Link,
  Paragraph,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';
import { tokenPageRoutes } from './tokens.js';

/** Password fields are taken as typed (no trimming); a repeated field counts once. */
const passwordForm = z.preprocess(
  (body) => Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  passwordChangeSchema,
);

function PasswordPage({ view, mustChange, errors }: { view: View; mustChange: boolean; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('password.title')}>
      {mustChange && <Paragraph>{t('password.must_change')}</Paragraph>}
      <ErrorSummary view={view} errors={errors} order={['current', 'password', 'confirmation']} />
      <Form view={view} action="/account/password">
        {/* Tells password managers whose password this is (not sent: it has no name). */}
        <input type="email" autoComplete="username" value={view.who?.user.email} hidden readOnly />
        {!mustChange && (
          <TextField
            view={view}
            name="current"
            type="password"
            label={t('field.password_current')}
            errors={errors}
            required
            autocomplete="current-password"
          />
        )}
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

export function accountRoutes(app: FastifyInstance, db: Db) {
  tokenPageRoutes(app, db);
  pageRoute(app, db, {
    url: '/account',
    handler: async ({ who, view }) => {
      const t = view.t;
      return (
        <Layout view={view} title={t('account.title')}>
          <DataList>
            <DataRow label={t('field.name')}>{who.user.name}</DataRow>
            <DataRow label={t('field.email')}>{who.user.email}</DataRow>
            <DataRow label={t('field.roles')}>{who.user.roles.map((r) => t(`role.${r}`)).join(', ')}</DataRow>
            <DataRow label={t('account.second_factor')}>
              {t(who.user.secondFactorEnrolled ? 'account.second_factor_on' : 'account.second_factor_off')}
            </DataRow>
          </DataList>
          <Paragraph>
            <Link href="/account/password">{t('password.title')}</Link>
          </Paragraph>
          <Paragraph>
            <Link href="/account/calendar">{t('calendar.link')}</Link>
          </Paragraph>
          <Paragraph>
            <Link href="/account/mail">{t('mail.link')}</Link>
          </Paragraph>
          <Paragraph>
            <Link href="/account/tokens">{t('tokens.link')}</Link>
          </Paragraph>
          <Paragraph>
            <Link href="/account/sessions">{t('sessions.link')}</Link>
          </Paragraph>
          {who.user.secondFactorEnrolled && (
            <Paragraph>
              <Link href="/account/recovery-codes">{t('recovery.link')}</Link>
            </Paragraph>
          )}
        </Layout>
      );
    },
  });

  pageRoute(app, db, {
    url: '/account/password',
    handler: async ({ who, view }) => <PasswordPage view={view} mustChange={who.user.mustChangePassword} errors={{}} />,
  });

  formRoute(app, db, {
    url: '/account/password',
    form: passwordForm,
    command: async ({ tx, who, form }) => {
      await changePassword(tx, who, form);
      // After the forced change at first sign-in, go on to where the person was heading: home.
      return who.user.mustChangePassword ? '/?notice=password.changed' : '/account?notice=auth.other_sessions_ended';
    },
    generalField: 'password',
    render: async ({ who, view, errors }) => <PasswordPage view={view} mustChange={who.user.mustChangePassword} errors={errors} />,
  });
}
