import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import {
  API_TOKEN_DEFAULT_DAYS,
  createOwnApiToken,
  listApiTokens,
  newApiTokenSchema,
  revokeApiToken,
  type ApiTokenInfo,
} from '../../domain/auth/api-token.js';
import type { SignedIn } from '../../domain/auth/session.js';
import {
  Alert,
  Button,
  Code,
  ErrorSummary,
  Form,
  Layout,
  Link,
  Paragraph,
  SubmitButton,
  Table,
  TextField,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formatDateTime } from '../i18n/index.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const idParams = z.object({ id: z.uuid() });

/** The form's fields as typed; empty fields take the defaults (a name, 90 days). */
const tokenForm = z.preprocess((body) => {
  const fields = body as Record<string, unknown>;
  const first = (v: unknown) => (Array.isArray(v) ? (v[0] as unknown) : v);
  const name = typeof first(fields.name) === 'string' ? (first(fields.name) as string).trim() : '';
  const days = typeof first(fields.days) === 'string' ? (first(fields.days) as string).trim() : '';
  return { ...(name ? { name } : {}), ...(days ? { days } : {}) };
}, newApiTokenSchema);

function TokensPage({
  view,
  tokens,
  values,
  errors,
}: {
  view: View;
  tokens: ApiTokenInfo[];
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('tokens.title')}>
      <ErrorSummary view={view} errors={errors} order={['name', 'days']} />
      <Paragraph>{t('tokens.intro')}</Paragraph>
      <Table
        caption={t('tokens.title')}
        captionHidden
        empty={t('tokens.none')}
        rows={tokens}
        columns={[
          { header: t('tokens.name'), cell: (k) => k.name, rowHeader: true, breakWords: true },
          { header: t('tokens.state'), cell: (k) => t(`tokens.state.${k.state}`) },
          { header: t('tokens.created_at'), cell: (k) => formatDateTime(k.createdAt, view.lang) },
          { header: t('tokens.expires_at'), cell: (k) => formatDateTime(k.expiresAt, view.lang) },
          { header: t('tokens.last_used'), cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt, view.lang) : t('tokens.never_used')) },
          {
            header: t('tokens.actions'),
            cell: (k) =>
              k.state === 'active' && (
                <form method="post" action={`/account/tokens/${k.id}/revoke`} class="wb-inline">
                  <input type="hidden" name="_csrf" value={view.csrfToken} />
                  <Button variant="secondary">{t('tokens.revoke', { name: k.name })}</Button>
                </form>
              ),
          },
        ]}
      />
      <Form view={view} action="/account/tokens">
        <TextField
          view={view}
          name="name"
          label={t('tokens.name')}
          hint={t('tokens.name_hint')}
          value={values.name}
          errors={errors}
          required
        />
        <TextField
          view={view}
          name="days"
          label={t('tokens.days')}
          hint={t('tokens.days_hint')}
          value={values.days ?? String(API_TOKEN_DEFAULT_DAYS)}
          errors={errors}
          inputMode="numeric"
        />
        <SubmitButton>{t('tokens.create')}</SubmitButton>
      </Form>
      <Paragraph>
        <Link href="/account">{t('account.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

async function tokensPage(tx: Tx, who: SignedIn, view: View, values: Record<string, string> = {}, errors: FieldErrors = {}) {
  return (
    <TokensPage view={{ ...view, path: '/account/tokens' }} tokens={await listApiTokens(tx, who.user.id)} values={values} errors={errors} />
  );
}

/** "Mijn API-sleutels": a person's own tokens, made, listed and revoked by themselves. */
export function tokenPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/account/tokens',
    handler: async ({ tx, who, view }) => tokensPage(tx, who, view),
  });

  formRoute(app, db, {
    url: '/account/tokens',
    form: tokenForm,
    command: async ({ tx, who, form, view }) => {
      const created = await createOwnApiToken(tx, { ...actorOf(who), userId: who.user.id }, form);
      const t = view.t;
      return {
        status: 201,
        page: (
          <Layout view={view} title={t('tokens.created_title')}>
            <Alert type="warning" role="status">
              <Paragraph>{t('tokens.created_once')}</Paragraph>
              <Paragraph>
                <Code breakAll secret>
                  {created.token}
                </Code>
              </Paragraph>
            </Alert>
            <Paragraph>
              {created.name} — {t('tokens.expires_at')}: {formatDateTime(created.expiresAt, view.lang)}
            </Paragraph>
            <Paragraph>
              <Link href="/account/tokens">{t('tokens.back')}</Link>
            </Paragraph>
          </Layout>
        ),
      };
    },
    generalField: 'name',
    render: async ({ tx, who, view, values, errors }) => tokensPage(tx, who, view, values, errors),
  });

  formRoute(app, db, {
    url: '/account/tokens/:id/revoke',
    params: idParams,
    form: z.object({}).loose(),
    command: async ({ tx, who, params }) => {
      await revokeApiToken(tx, actorOf(who), params.id, who.user.id);
      return '/account/tokens?notice=tokens.revoked';
    },
    render: async ({ tx, who, view, errors }) => tokensPage(tx, who, view, {}, errors),
  });
}
