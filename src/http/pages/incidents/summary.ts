import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { audit } from '../../../domain/audit/audit.js';
import { deadlinesOfIncident } from '../../../domain/deadline/deadline.repository.js';
import { evidenceOf } from '../../../domain/evidence/evidence.repository.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { visibleIncident } from '../../../domain/incident/incident-queries.js';
import { timeline } from '../../../domain/incident/incident.repository.js';
import { pdfMaker } from '../../../domain/measure/letter-render.js';
import { listUsers } from '../../../domain/user/user.repository.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { dueText } from '../aftercare/tasks.js';
import { eventText, incidentFacts } from './incident-facts.js';

type Loaded = {
  reference: string;
  facts: ReturnType<typeof incidentFacts>;
  deadlines: Awaited<ReturnType<typeof deadlinesOfIncident>>;
  evidence: Awaited<ReturnType<typeof evidenceOf>>;
  events: { at: Date; text: string; actor: string | undefined }[];
};

/**
 * The case summary for the file (issue 10 §4): what the incident page shows its reader — the
 * facts, deadlines, evidence by name and hash, the timeline — on A4, with who made it and when.
 * Nothing more than the page: the parts with their own circle (aftercare notes, the
 * perpetrator register, the case forms) stay on their own pages.
 */
async function summaryPdf(view: View, who: { organisation: string; name: string }, data: Loaded): Promise<Buffer> {
  const t = view.t;
  const table = (widths: (string | number)[], header: string[], rows: string[][]) => ({
    table: { headerRows: 1, widths, body: [header.map((h) => ({ text: h, bold: true })), ...rows] },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 12],
  });
  const heading = (text: string) => ({ text, bold: true, fontSize: 12, margin: [0, 8, 0, 4] });
  const definition = {
    info: { title: t('summary.title', { reference: data.reference }), creator: 'Weerbaar' },
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 60],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    footer: (page: number, pages: number) => ({
      text: `${t('summary.confidential')} — ${page}/${pages}`,
      fontSize: 8,
      margin: [50, 20, 50, 0],
    }),
    content: [
      { text: who.organisation, fontSize: 9 },
      { text: t('summary.title', { reference: data.reference }), bold: true, fontSize: 16, margin: [0, 4, 0, 2] },
      { text: t('summary.made', { date: formatDateTime(new Date(), view.lang), name: who.name }), fontSize: 9, margin: [0, 0, 0, 10] },
      heading(t('incident.details')),
      table(
        [140, '*'],
        [t('summary.what'), t('summary.value')],
        data.facts.map((f) => [f.label, f.value]),
      ),
      ...(data.deadlines.length > 0
        ? [
            heading(t('incident.deadlines')),
            table(
              ['*', 150, 90],
              [t('tasks.kind'), t('deadline.due'), t('tasks.state')],
              data.deadlines.map((d) => [t(`deadline.${d.kind}`), dueText(view, d), t(`deadline.state.${d.state}`)]),
            ),
          ]
        : []),
      ...(data.evidence.length > 0
        ? [
            heading(t('incident.evidence')),
            table(
              ['*', 170],
              [t('summary.file'), 'SHA-256'],
              data.evidence.map((e) => [e.fileName, { text: e.sha256, fontSize: 7 } as unknown as string]),
            ),
          ]
        : []),
      heading(t('incident.timeline')),
      table(
        [110, '*'],
        [t('summary.when'), t('summary.what_happened')],
        data.events.map((e) => [formatDateTime(e.at, view.lang), e.actor ? `${e.text} (${e.actor})` : e.text]),
      ),
    ],
  };
  return pdfMaker().createPdf(definition).getBuffer();
}

export function incidentSummaryRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/incidents/:id/summary.pdf',
    params: idParams,
    handler: async ({ tx, who, view, params, reply }) => {
      const { incident } = await visibleIncident(tx, who, params.id);
      const names = new Map((await listUsers(tx)).map((p) => [p.id, p.name]));
      const events = (await timeline(tx, params.id)).map((e) => ({ at: e.at, text: eventText(view, e, names), actor: e.actor?.name }));
      const reference = incidentReference(incident, view.t('status.draft'));
      await audit(
        tx,
        { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
        { action: 'incident.summary.read', objectType: 'incident', objectId: params.id },
      );
      const pdf = await summaryPdf(
        view,
        { organisation: who.organisation.name, name: who.user.name },
        {
          reference,
          facts: incidentFacts(view, incident),
          deadlines: await deadlinesOfIncident(tx, params.id),
          evidence: await evidenceOf(tx, params.id),
          events,
        },
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${reference}-samenvatting.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  });
}
