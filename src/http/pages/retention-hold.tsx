import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { getHold, holdSchema, liftHold, placeHold, type HoldState } from '../../domain/retention/hold.js';
import { idParams } from '../pipeline/api-route.js';
import {
  Button,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  Paragraph,
  SubmitButton,
  TextArea,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { formText } from '../forms.js';
import type { MessageKey } from '../i18n/index.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const holdForm = z.object({ reason: formText() }).pipe(holdSchema);

/** On the incident page: the way to the hold, for those who may place one. */
export function HoldLink({ view, incidentId }: { view: View; incidentId: string }) {
  return (
    <Paragraph>
      <Link href={`/incidents/${incidentId}/hold`}>{view.t('retention.hold.link')}</Link>
    </Paragraph>
  );
}

function HoldPage({ view, state, errors, values }: { view: View; state: HoldState; errors: FieldErrors; values: Record<string, string> }) {
  const t = view.t;
  const path = `/incidents/${state.incidentId}/hold`;
  return (
    <Layout view={view} title={t('retention.hold.title')}>
      <Paragraph>{t('retention.hold.intro')}</Paragraph>
      <Paragraph>
        <Link href={`/incidents/${state.incidentId}`}>{t('retention.hold.back')}</Link>
      </Paragraph>
      {state.automatic.length > 0 && (
        <Paragraph>
          {t('retention.hold.automatic', { holds: state.automatic.map((h) => t(`retention.hold_kind.${h}` as MessageKey)).join(', ') })}
        </Paragraph>
      )}
      <ErrorSummary view={view} errors={errors} />
      {state.manual ? (
        <section aria-labelledby="manual-hold">
          <Heading level={2} id="manual-hold">
            {t('retention.hold.manual')}
          </Heading>
          <Paragraph>{t('retention.hold.reason_is', { reason: state.manual.reason })}</Paragraph>
          <Form view={view} action={`${path}/lift`}>
            <Button variant="secondary">{t('retention.hold.lift')}</Button>
          </Form>
        </section>
      ) : (
        <Form view={view} action={path}>
          <Paragraph>{t('retention.hold.none')}</Paragraph>
          <TextArea
            view={view}
            name="reason"
            label={t('retention.hold.reason')}
            hint={t('retention.hold.reason_hint')}
            value={values.reason}
            errors={errors}
            rows={3}
          />
          <SubmitButton>{t('retention.hold.place')}</SubmitButton>
        </Form>
      )}
    </Layout>
  );
}

/** /incidents/:id/hold: place or lift the hold by hand (the same rules as the API; anyone else 404). */
export function holdPageRoutes(app: FastifyInstance, db: Db) {
  const render = async ({
    tx,
    who,
    params,
    view,
    errors,
    values,
  }: {
    tx: Tx;
    who: SignedIn;
    params: { id: string };
    view: View;
    errors: FieldErrors;
    values: Record<string, string>;
  }) => (
    <HoldPage
      view={{ ...view, path: `/incidents/${params.id}/hold` }}
      state={await getHold(tx, who, params.id)}
      errors={errors}
      values={values}
    />
  );

  pageRoute(app, db, {
    url: '/incidents/:id/hold',
    params: idParams,
    handler: async ({ tx, who, params, view }) => (
      <HoldPage view={view} state={await getHold(tx, who, params.id)} errors={{}} values={{}} />
    ),
  });
  formRoute(app, db, {
    url: '/incidents/:id/hold',
    params: idParams,
    form: holdForm,
    generalField: 'reason',
    render,
    command: async ({ tx, who, params, form }) => {
      await placeHold(tx, who, params.id, form);
      return `/incidents/${params.id}/hold?notice=retention.hold.placed`;
    },
  });
  formRoute(app, db, {
    url: '/incidents/:id/hold/lift',
    params: idParams,
    form: z.object({}),
    render,
    command: async ({ tx, who, params }) => {
      await liftHold(tx, who, params.id);
      return `/incidents/${params.id}/hold?notice=retention.hold.lifted`;
    },
  });
}
