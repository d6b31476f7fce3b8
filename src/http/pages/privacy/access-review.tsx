import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { accountabilityPolicy } from '../../../domain/accountability/accountability.policy.js';
import {
  ACCESS_DECISIONS,
  decideAccessLine,
  getAccessReview,
  listAccessReviews,
  reviewOfLine,
  reviewState,
  startAccessReview,
  type AccessReview,
  type AccessReviewLine,
  type AccessReviewRead,
} from '../../../domain/accountability/access-review.js';
import {
  Alert,
  Button,
  ButtonRow,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  Paragraph,
  SubmitButton,
  Table,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formChoice } from '../../forms.js';
import { formatDay } from '../../displayed.js';
import { formatDateTime, type MessageKey } from '../../i18n/index.js';
import { amsterdamToday } from '../../../time/amsterdam.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

/** Object types with a name in the interface; others are shown by their code. */
const NAMED_TYPES = [
  'incident',
  'perpetrator',
  'user',
  'evidence',
  'measure',
  'letter',
  'meeting',
  'disruption',
  'risk_assessment',
  'access_review',
];
export const objectTypeName = (view: View, type: string) =>
  NAMED_TYPES.includes(type) ? view.t(`privacy.type.${type}` as MessageKey) : type;

const decides = (who: SignedIn) => accountabilityPolicy.abilitiesOf(who).includes('access_review.decide');
const when = (view: View, d: Date | null) => (d ? formatDateTime(d, view.lang) : '—');
/** A day as the pages write it ("1 december 2026"), in Amsterdam. */
const day = (view: View, d: Date | null) => (d ? formatDay(amsterdamToday(d), view.lang) : '—');

function StartForm({ view, label }: { view: View; label: string }) {
  return (
    <Form view={view} action="/access-reviews">
      <SubmitButton>{label}</SubmitButton>
    </Form>
  );
}

function ListPage({ view, who, reviews }: { view: View; who: SignedIn; reviews: AccessReview[] }) {
  const t = view.t;
  const unfinished = [...reviews].reverse().find((r) => reviewState(r) !== 'completed');
  return (
    <Layout view={view} title={t('privacy.review.title')}>
      <Paragraph>{t('privacy.review.intro')}</Paragraph>
      {decides(who) && (!unfinished || reviewState(unfinished) === 'planned') && (
        <StartForm
          view={view}
          label={unfinished ? t('privacy.review.start_year', { year: String(unfinished.year) }) : t('privacy.review.start')}
        />
      )}
      <Table
        caption={t('privacy.review.list')}
        empty={t('privacy.review.none')}
        columns={[
          {
            header: t('privacy.review.col.year'),
            rowHeader: true,
            cell: (r: AccessReview) => <Link href={`/access-reviews/${r.id}`}>{String(r.year)}</Link>,
          },
          { header: t('privacy.review.col.state'), cell: (r) => t(`privacy.review.state.${reviewState(r)}`) },
          { header: t('privacy.review.col.due'), cell: (r) => day(view, r.dueAt) },
          { header: t('privacy.review.col.completed'), cell: (r) => day(view, r.completedAt) },
        ]}
        rows={reviews}
      />
    </Layout>
  );
}

function LineActions({ view, line }: { view: View; line: AccessReviewLine }) {
  const t = view.t;
  return (
    <Form view={view} action={`/access-reviews/lines/${line.id}`}>
      <ButtonRow>
        <Button variant="secondary" name="decision" value="confirmed">
          {t('privacy.review.confirm', { role: t(`role.${line.role}`), name: line.user.name })}
        </Button>
        <Button variant="secondary" name="decision" value="revoked">
          {t('privacy.review.revoke', { role: t(`role.${line.role}`), name: line.user.name })}
        </Button>
      </ButtonRow>
    </Form>
  );
}

function ReviewPage({ view, who, read, errors }: { view: View; who: SignedIn; read: AccessReviewRead; errors: FieldErrors }) {
  const t = view.t;
  const { review, state } = read;
  const mayDecide = decides(who) && state === 'open';
  return (
    <Layout view={view} title={t('privacy.review.heading', { year: String(review.year) })}>
      <Paragraph>
        {t(`privacy.review.state.${state}`)} — {t('privacy.review.due', { date: day(view, review.dueAt) })}
      </Paragraph>
      {review.period && (
        <Paragraph>{t('privacy.review.period', { from: day(view, review.period.from), to: day(view, review.period.to) })}</Paragraph>
      )}
      <ErrorSummary view={view} errors={errors} />
      {state === 'planned' && decides(who) && (
        <StartForm view={view} label={t('privacy.review.start_year', { year: String(review.year) })} />
      )}
      {state === 'open' && <Paragraph>{t('privacy.review.pending', { n: String(read.pending) })}</Paragraph>}
      {state === 'completed' && <Alert type="ok">{t('privacy.review.done', { date: day(view, review.completedAt) })}</Alert>}
      {read.people.map((person) => (
        <section aria-labelledby={`person-${person.user.id}`}>
          <Heading level={2} id={`person-${person.user.id}`}>
            {person.user.name}
            {person.user.active ? '' : ` (${t('privacy.review.inactive')})`}
          </Heading>
          <Paragraph>
            {person.opened.length === 0
              ? t('privacy.review.opened_nothing')
              : t('privacy.review.opened', {
                  list: person.opened.map((o) => `${objectTypeName(view, o.objectType)}: ${o.objects}`).join(', '),
                })}
          </Paragraph>
          <Table
            caption={t('privacy.review.roles_of', { name: person.user.name })}
            captionHidden
            columns={[
              { header: t('privacy.review.col.role'), rowHeader: true, cell: (l: AccessReviewLine) => t(`role.${l.role}`) },
              { header: t('privacy.review.col.decision'), cell: (l) => t(`privacy.review.decision.${l.decision}`) },
              {
                header: t('privacy.review.col.decided_by'),
                cell: (l) => (l.decidedBy ? `${l.decidedBy.name}, ${when(view, l.decidedAt)}` : '—'),
              },
              ...(mayDecide
                ? [
                    {
                      header: t('privacy.review.col.action'),
                      cell: (l: AccessReviewLine) => (l.decision === 'pending' ? <LineActions view={view} line={l} /> : '—'),
                    },
                  ]
                : []),
            ]}
            rows={person.lines}
          />
        </section>
      ))}
    </Layout>
  );
}

const decisionForm = z.object({ decision: formChoice(ACCESS_DECISIONS, 'privacy.error.decision') });

/** /access-reviews: the yearly access review; the administrator decides, the privacy officer reads. */
export function accessReviewPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/access-reviews',
    handler: async ({ tx, who, view }) => <ListPage view={view} who={who} reviews={await listAccessReviews(tx, who)} />,
  });
  formRoute(app, db, {
    url: '/access-reviews',
    form: z.object({}),
    command: async ({ tx, who }) => `/access-reviews/${await startAccessReview(tx, who)}`,
    render: async ({ tx, who, view }) => <ListPage view={view} who={who} reviews={await listAccessReviews(tx, who)} />,
  });
  pageRoute(app, db, {
    url: '/access-reviews/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => (
      <ReviewPage view={view} who={who} read={await getAccessReview(tx, who, params.id)} errors={{}} />
    ),
  });
  formRoute(app, db, {
    url: '/access-reviews/lines/:id',
    params: idParams,
    form: decisionForm,
    generalField: 'decision',
    command: async ({ tx, who, params, form }) => {
      await decideAccessLine(tx, who, params.id, form.decision);
      return `/access-reviews/${await reviewOfLine(tx, who, params.id)}`;
    },
    render: async ({ tx, who, view, params, errors }) => {
      const reviewId = await reviewOfLine(tx, who!, params.id);
      return <ReviewPage view={view} who={who!} read={await getAccessReview(tx, who!, reviewId)} errors={errors} />;
    },
  });
}
