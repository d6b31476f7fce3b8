import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { renderPdf } from '../../../domain/measure/letter-render.js';
import { z } from 'zod';
import { motiveSchema, preparePoliceReport, recordPoliceMotive, type Preparation } from '../../../domain/police/preparation.js';
import { Button, ButtonRow, DataList, DataRow, Form, Layout, Link, Paragraph, TextArea, type FieldErrors } from '../../components/index.js';
import { formText } from '../../forms.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

/** The 7 W's as label/answer pairs, in the language asked for. */
export function sevenWs(p: Preparation, view: Pick<View, 't' | 'lang'>): [string, string][] {
  const t = view.t;
  const i = p.incident;
  // The register's records once linked; the report's own description beside them when it says more.
  const linked = p.perpetrators.map((r) =>
    [t(`perpetrator.${r.kind}`), r.aliases.length > 0 ? `${r.name} (${r.aliases.join(', ')})` : r.name, r.identifiers.join(', ')]
      .filter(Boolean)
      .join(' — '),
  );
  const reported = i.perpetrator
    ? [t(`perpetrator.${i.perpetrator.kind}`), i.perpetrator.name, i.perpetrator.details].filter(Boolean).join(' — ')
    : '';
  const perpetrator =
    linked.length > 0
      ? [...linked, reported && `${t('prep.reported_as')}: ${reported}`].filter(Boolean).join('\n')
      : reported || t('report.perpetrator_unknown');
  const online = i.online ? [i.online.platform, i.online.account, ...p.urls].filter(Boolean).join(', ') : '';
  const when = formatDateTime(i.occurredAt, view.lang) + (i.occurredUntil ? ` – ${formatDateTime(i.occurredUntil, view.lang)}` : '');
  return [
    [
      t('prep.who'),
      [
        perpetrator,
        `${t('incident.affected')}: ${i.affected.map((a) => a.name).join(', ')}`,
        i.witnesses ? `${t('report.witnesses')}: ${i.witnesses}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    ],
    [t('prep.what'), i.description],
    [t('prep.where'), i.place ?? t(`channel.${i.channel}`)],
    [t('prep.with_what'), [t(`channel.${i.channel}`), online].filter(Boolean).join(' — ')],
    [t('prep.how'), [t(`level.${i.level}`), ...i.behaviours.map((b) => t(`behaviour.${b}`))].join(', ')],
    [t('prep.when'), when],
    [t('prep.why'), p.motive ?? t('prep.why_unknown')],
  ];
}

/** The 7 W's as a page, with the "why" to fill in: the one W the report cannot know. */
function PreparationPage({ view, prep, incidentId, errors }: { view: View; prep: Preparation; incidentId: string; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('prep.title', { reference: prep.reference })}>
      <Paragraph>{t('prep.intro')}</Paragraph>
      <Paragraph>
        <strong>{t('prep.address')}</strong>
      </Paragraph>
      <DataList>
        {sevenWs(prep, view).map(([label, answer]) => (
          <DataRow label={label} keepLineBreaks>
            {answer}
          </DataRow>
        ))}
      </DataList>
      <Form view={view} action={`/incidents/${incidentId}/case/preparation`}>
        <TextArea
          view={view}
          name="motive"
          label={t('prep.why')}
          hint={t('prep.why_hint')}
          value={prep.motive ?? ''}
          errors={errors}
          rows={3}
        />
        <ButtonRow>
          <Button variant="secondary">{t('prep.why_save')}</Button>
        </ButtonRow>
      </Form>
      <Paragraph>
        <Link href={`/incidents/${incidentId}/case/preparation.pdf`}>{t('prep.pdf')}</Link>
      </Paragraph>
      <Paragraph>
        <Link href={`/incidents/${incidentId}/case`}>{t('case.back')}</Link>
      </Paragraph>
    </Layout>
  );
}

export function preparationRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/incidents/:id/case/preparation',
    params: idParams,
    handler: async ({ tx, who, view, params }) => (
      <PreparationPage view={view} prep={await preparePoliceReport(tx, who, params.id)} incidentId={params.id} errors={{}} />
    ),
  });

  formRoute(app, db, {
    url: '/incidents/:id/case/preparation',
    params: idParams,
    form: z.object({ motive: formText(5000) }),
    generalField: 'motive',
    command: async ({ tx, who, params, form }) => {
      await recordPoliceMotive(tx, who, params.id, motiveSchema.parse(form));
      return `/incidents/${params.id}/case/preparation?notice=case.saved`;
    },
    render: async ({ tx, who, view, params, errors }) => (
      <PreparationPage view={view} prep={await preparePoliceReport(tx, who, params.id)} incidentId={params.id} errors={errors} />
    ),
  });

  pageRoute(app, db, {
    url: '/incidents/:id/case/preparation.pdf',
    params: idParams,
    handler: async ({ tx, who, view, params, reply }) => {
      const prep = await preparePoliceReport(tx, who, params.id);
      const pdf = await renderPdf({
        organisation: who.organisation.name,
        // The moment of preparation, in Amsterdam time: the form is taken to the police that day.
        date: formatDateTime(new Date(), view.lang),
        reference: prep.reference,
        recipient: view.t('police.preparation'),
        subject: view.t('prep.title', { reference: prep.reference }),
        body: [view.t('prep.address'), ...sevenWs(prep, view).map(([label, answer]) => `${label}\n${answer}`)].join('\n\n'),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="aangifte-${prep.reference}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  });
}
