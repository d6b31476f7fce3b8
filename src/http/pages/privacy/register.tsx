import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { processingRegister } from '../../../domain/accountability/register.js';
import { Heading, Layout, Link, ListItem, Paragraph, Table, UnorderedList } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { registerDocument, type RegisterDocument } from './register-document.js';
import { registerPdf } from './register-pdf.js';

function RegisterPage({ view, doc }: { view: View; doc: RegisterDocument }) {
  return (
    <Layout view={view} title={doc.title}>
      <Paragraph>{doc.generated}</Paragraph>
      <Paragraph>
        <Link href="/privacy/register.pdf">{view.t('privacy.register.pdf')}</Link>
      </Paragraph>
      {doc.sections.map((section) => (
        <section aria-labelledby={`register-${section.id}`}>
          <Heading level={2} id={`register-${section.id}`}>
            {section.title}
          </Heading>
          {section.paragraphs.map((text) => (
            <Paragraph>{text}</Paragraph>
          ))}
          {section.items.length > 0 && (
            <UnorderedList>
              {section.items.map((item) => (
                <ListItem>{item}</ListItem>
              ))}
            </UnorderedList>
          )}
          {section.table && (
            <Table
              caption={section.table.caption}
              columns={section.table.header.map((header, i) => ({ header, rowHeader: i === 0, cell: (row: string[]) => row[i] }))}
              rows={section.table.rows}
            />
          )}
        </section>
      ))}
    </Layout>
  );
}

/** /privacy/register: the register of processing (GDPR art. 30), generated from the configuration, and its PDF. */
export function registerPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/privacy/register',
    handler: async ({ tx, who, view }) => (
      <RegisterPage view={view} doc={registerDocument(await processingRegister(tx, who), view.t, view.lang)} />
    ),
  });
  pageRoute(app, db, {
    url: '/privacy/register.pdf',
    handler: async ({ tx, who, view, reply }) => {
      const pdf = await registerPdf(registerDocument(await processingRegister(tx, who), view.t, view.lang));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="verwerkingsregister.pdf"')
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  });
}
