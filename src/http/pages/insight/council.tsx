import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import {
  COUNCIL_SECTIONS,
  councilReport,
  councilTextSchema,
  councilYearSchema,
  reportYears,
  writeCouncilText,
  type CouncilSection,
} from '../../../domain/insight/council-report.js';
import { insightPolicy } from '../../../domain/insight/insight.policy.js';
import { requireRole } from '../../../domain/access/access.js';
import { amsterdamToday } from '../../../time/amsterdam.js';
import {
  DataList,
  DataRow,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  Paragraph,
  SubmitButton,
  Table,
  TextArea,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formText } from '../../forms.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { councilDocument, type Block, type CouncilDocument } from './council-document.js';
import { councilDocx, councilPdf } from './council-render.js';

const yearParams = z.object({ year: councilYearSchema });
const textParams = z.object({ year: councilYearSchema, section: z.enum(COUNCIL_SECTIONS) });
const textForm = z.object({ body: formText(20_000) }).pipe(councilTextSchema);

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The report as a document in the reader's language. */
async function documentFor(tx: Tx, who: SignedIn, view: View, year: number): Promise<CouncilDocument> {
  const report = await councilReport(tx, who, year);
  return councilDocument(report, { t: view.t, lang: view.lang, organisation: who.organisation.name, today: amsterdamToday() });
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'paragraph':
      return <Paragraph>{block.text}</Paragraph>;
    case 'table':
      return (
        <>
          <Table
            caption={block.caption}
            columns={block.header.map((header, i) => ({ header, cell: (row: string[]) => row[i], numeric: i > 0, rowHeader: i === 0 }))}
            rows={block.rows}
          />
          {block.note && <Paragraph>{block.note}</Paragraph>}
        </>
      );
    case 'facts':
      return (
        <>
          <Heading level={3}>{block.caption}</Heading>
          <DataList>
            {block.rows.map(([label, value]) => (
              <DataRow label={label}>{value}</DataRow>
            ))}
          </DataList>
        </>
      );
    case 'chart':
      // The picture is for the eye (aria-hidden); the table after it has the same figures.
      return (
        <figure class="wb-chart">
          <div dangerouslySetInnerHTML={{ __html: block.svg }} />
          <figcaption class="utrecht-paragraph">{block.caption}</figcaption>
        </figure>
      );
  }
}

function CouncilPage({
  view,
  year,
  doc,
  canEdit,
  errors,
  values,
  editing,
}: {
  view: View;
  year: number;
  doc: CouncilDocument;
  canEdit: boolean;
  errors: FieldErrors;
  values?: Record<string, string>;
  editing?: CouncilSection;
}) {
  const t = view.t;
  const { first, last } = reportYears();
  // The form's field is "body"; on the page each section's box has its own name and id.
  const sectionErrors: FieldErrors = editing && errors.body ? { [`body-${editing}`]: errors.body } : {};
  return (
    <Layout view={view} title={t('council.title', { year: String(year) })}>
      <Paragraph>{doc.intro}</Paragraph>
      <Paragraph>{doc.legend}</Paragraph>
      <Heading level={2}>{t('council.downloads')}</Heading>
      <UnorderedList>
        <ListItem>
          <Link href={`/insight/council/${year}.pdf`}>{t('council.pdf', { year: String(year) })}</Link>
        </ListItem>
        <ListItem>
          <Link href={`/insight/council/${year}.docx`}>{t('council.docx', { year: String(year) })}</Link>
        </ListItem>
        {year > first && (
          <ListItem>
            <Link href={`/insight/council/${year - 1}`}>{t('council.previous_year', { year: String(year - 1) })}</Link>
          </ListItem>
        )}
        {year < last && (
          <ListItem>
            <Link href={`/insight/council/${year + 1}`}>{t('council.next_year', { year: String(year + 1) })}</Link>
          </ListItem>
        )}
      </UnorderedList>
      {doc.sections.map((section) => (
        <section aria-labelledby={`section-${section.section}`}>
          <Heading level={2} id={`section-${section.section}`}>
            {section.title}
          </Heading>
          {section.blocks.map((block) => (
            <BlockView block={block} />
          ))}
          {section.text ? (
            section.text.split(/\n\s*\n/).map((p) => <Paragraph>{p.trim()}</Paragraph>)
          ) : (
            <Paragraph>{t('council.no_text')}</Paragraph>
          )}
          {canEdit && (
            <Form view={view} action={`/insight/council/${year}/texts/${section.section}`}>
              {editing === section.section && <ErrorSummary view={view} errors={sectionErrors} />}
              <TextArea
                view={view}
                name={`body-${section.section}`}
                label={t('council.text_label', { section: section.title })}
                hint={t('council.text_hint')}
                value={editing === section.section ? (values?.body ?? '') : (section.text ?? '')}
                errors={editing === section.section ? sectionErrors : {}}
                rows={6}
              />
              <SubmitButton>{t('council.text_save')}</SubmitButton>
            </Form>
          )}
        </section>
      ))}
      <Paragraph>{doc.footer}</Paragraph>
    </Layout>
  );
}

function sendDocument(reply: FastifyReply, bytes: Buffer, mediaType: string, fileName: string) {
  return reply
    .header('content-type', mediaType)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

/** The yearly report to the council: the page (with a form per section for those who write it), its PDF and its DOCX. */
export function councilRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/insight/council/:year',
    params: yearParams,
    handler: async ({ tx, who, view, params }) => {
      const doc = await documentFor(tx, who, view, params.year);
      return (
        <CouncilPage
          view={view}
          year={params.year}
          doc={doc}
          canEdit={insightPolicy.abilitiesOf(who).includes('council_report_edit')}
          errors={{}}
        />
      );
    },
  });

  pageRoute(app, db, {
    url: '/insight/council/:year.pdf',
    params: yearParams,
    handler: async ({ tx, who, view, params, reply }) => {
      const pdf = await councilPdf(await documentFor(tx, who, view, params.year));
      return sendDocument(reply, pdf, 'application/pdf', `raadsinformatiebrief-${params.year}.pdf`);
    },
  });

  pageRoute(app, db, {
    url: '/insight/council/:year.docx',
    params: yearParams,
    handler: async ({ tx, who, view, params, reply }) => {
      const docx = await councilDocx(await documentFor(tx, who, view, params.year));
      return sendDocument(reply, docx, DOCX, `raadsinformatiebrief-${params.year}.docx`);
    },
  });

  formRoute(app, db, {
    url: '/insight/council/:year/texts/:section',
    params: textParams,
    // Each section's field has its own name, so the page can hold one form per section.
    form: z.preprocess((fields) => {
      const all = (fields ?? {}) as Record<string, unknown>;
      const body = Object.entries(all).find(([k]) => k.startsWith('body-'))?.[1];
      return { body };
    }, textForm),
    command: async ({ tx, who, params, form }) => {
      await writeCouncilText(tx, who, params.year, params.section, form.body);
      return `/insight/council/${params.year}?notice=council.text_saved#section-${params.section}`;
    },
    render: async ({ tx, who, view, params, errors, values }) => {
      requireRole(insightPolicy, who, 'council_report_edit');
      const doc = await documentFor(tx, who, view, params.year);
      const body = Object.entries(values).find(([k]) => k.startsWith('body-'))?.[1] ?? '';
      return <CouncilPage view={view} year={params.year} doc={doc} canEdit errors={errors} values={{ body }} editing={params.section} />;
    },
  });
}
