import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import { ssoInputSchema, parseGroups, type SsoSettings } from '../../domain/sso/sso.js';
import { configureSso, readSsoSettings, removeSso } from '../../domain/sso/sso-settings.js';
import { SSO_CALLBACK_PATH, type SsoEnvironment } from '../../domain/sso/sso-sign-in.js';
import { peoplePolicy } from '../../domain/user/user.policy.js';
import { ROLES } from '../../domain/user/roles.js';
import {
  Button,
  ButtonRow,
  Checkbox,
  Code,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Paragraph,
  RadioGroup,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const text = (v: unknown) => {
  const value: unknown = Array.isArray(v) ? v[0] : v;
  return typeof value === 'string' ? value.trim() : '';
};

/** The page's fields (one text field of group names per role) as the settings the domain takes. */
const ssoForm = z.preprocess((raw) => {
  const body = (raw ?? {}) as Record<string, unknown>;
  const secret = text(body.clientSecret);
  return {
    issuer: text(body.issuer),
    clientId: text(body.clientId),
    ...(secret ? { clientSecret: secret } : {}),
    scopes: text(body.scopes) || undefined,
    roleMode: text(body.roleMode) || undefined,
    groupsClaim: text(body.groupsClaim) || undefined,
    roleMap: Object.fromEntries(
      ROLES.map((r) => [r, parseGroups(text(body[`map_${r}`]))]).filter(([, groups]) => (groups?.length ?? 0) > 0),
    ),
    jit: ['on', 'true', '1'].includes(text(body.jit)),
  };
}, ssoInputSchema);

function SsoSettingsPage({
  view,
  sso,
  settings,
  errors = {},
  values,
}: {
  view: View;
  sso: SsoEnvironment;
  settings: SsoSettings | undefined;
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
  const t = view.t;
  const value = (name: string, current: string | undefined) => values?.[name] ?? current ?? '';
  const mode = values?.roleMode ?? settings?.roleMode ?? 'weerbaar';
  return (
    <Layout view={view} title={t('sso.settings_title')}>
      <Paragraph>{t('sso.settings_intro')}</Paragraph>
      <Paragraph>
        <Code>{`${sso.publicUrl}${SSO_CALLBACK_PATH}`}</Code>
      </Paragraph>
      {settings ? (
        <Paragraph>
          {t('sso.settings_link')} <Code>{`${sso.publicUrl}/sign-in/sso/${view.who?.organisation.slug ?? ''}`}</Code>
        </Paragraph>
      ) : (
        <Paragraph>{t('sso.not_configured')}</Paragraph>
      )}
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings/sso">
        <TextField
          view={view}
          name="issuer"
          label={t('sso.field.issuer')}
          hint={t('sso.field.issuer_hint')}
          value={value('issuer', settings?.issuer)}
          errors={errors}
          inputMode="url"
          required
        />
        <TextField
          view={view}
          name="clientId"
          label={t('sso.field.client_id')}
          value={value('clientId', settings?.clientId)}
          errors={errors}
          required
        />
        {settings?.secret === 'stored' && <Paragraph>{t('sso.secret_stored')}</Paragraph>}
        {settings?.secret === 'env' && <Paragraph>{t('sso.secret_env', { name: settings.secretEnv ?? '' })}</Paragraph>}
        <TextField
          view={view}
          name="clientSecret"
          type="password"
          label={t('sso.field.client_secret')}
          hint={t('sso.field.client_secret_hint')}
          errors={errors}
          autocomplete="off"
        />
        <TextField
          view={view}
          name="scopes"
          label={t('sso.field.scopes')}
          hint={t('sso.field.scopes_hint')}
          value={value('scopes', settings?.scopes ?? 'openid email profile')}
          errors={errors}
        />
        <RadioGroup
          view={view}
          name="roleMode"
          legend={t('sso.field.role_mode')}
          value={mode}
          errors={errors}
          options={[
            { value: 'weerbaar', label: t('sso.role_mode.weerbaar'), hint: t('sso.role_mode.weerbaar_hint') },
            { value: 'groups', label: t('sso.role_mode.groups'), hint: t('sso.role_mode.groups_hint') },
          ]}
        />
        <TextField
          view={view}
          name="groupsClaim"
          label={t('sso.field.groups_claim')}
          hint={t('sso.field.groups_claim_hint')}
          value={value('groupsClaim', settings?.groupsClaim ?? 'groups')}
          errors={errors}
        />
        <Heading level={2}>{t('sso.role_map')}</Heading>
        <Paragraph>{t('sso.role_map_intro')}</Paragraph>
        {ROLES.map((role) => (
          <TextField
            view={view}
            name={`map_${role}`}
            label={t(`role.${role}`)}
            value={value(`map_${role}`, settings?.roleMap[role]?.join(', '))}
            errors={errors}
          />
        ))}
        <Checkbox
          name="jit"
          label={t('sso.field.jit')}
          hint={t('sso.field.jit_hint')}
          checked={values ? values.jit !== undefined : (settings?.jit ?? false)}
        />
        <SubmitButton>{t('sso.save')}</SubmitButton>
      </Form>
      {settings && (
        <Form view={view} action="/settings/sso/remove">
          <ButtonRow>
            <Button variant="secondary">{t('sso.remove')}</Button>
          </ButtonRow>
        </Form>
      )}
    </Layout>
  );
}

/** The administrator's settings for sign-in through the organisation's identity provider. */
export function ssoSettingsRoutes(app: FastifyInstance, db: Db, sso: SsoEnvironment) {
  pageRoute(app, db, {
    url: '/settings/sso',
    handler: async ({ tx, who, view }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      return <SsoSettingsPage view={view} sso={sso} settings={await readSsoSettings(tx, actorOf(who))} />;
    },
  });

  formRoute(app, db, {
    url: '/settings/sso',
    form: ssoForm,
    fieldNames: { roleMap: 'map_mayor' },
    command: async ({ tx, who, form }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      await configureSso(tx, actorOf(who), sso.key, form);
      return '/settings/sso?notice=sso.saved';
    },
    render: async ({ tx, who, view, errors, values }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      return <SsoSettingsPage view={view} sso={sso} settings={await readSsoSettings(tx, actorOf(who))} errors={errors} values={values} />;
    },
  });

  formRoute(app, db, {
    url: '/settings/sso/remove',
    form: z.object({}),
    command: async ({ tx, who }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      await removeSso(tx, actorOf(who));
      return '/settings/sso?notice=sso.removed';
    },
    render: async ({ tx, who, view, errors }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      return <SsoSettingsPage view={view} sso={sso} settings={await readSsoSettings(tx, actorOf(who))} errors={errors} />;
    },
  });
}
