import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { listContacts, type Contact } from '../../../domain/aftercare/contacts.js';
import { DataList, DataRow, Heading, Layout, Link, Paragraph } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { pageRoute } from '../../pipeline/page-route.js';

/** The help contacts as cards: shown on their own page and beside the aftercare plan. */
export function ContactList({ view, contacts }: { view: View; contacts: Contact[] }) {
  const t = view.t;
  return (
    <ul class="wb-contacts">
      {contacts.map((c) => (
        <li class="wb-contact">
          <Heading level={3}>{c.name}</Heading>
          {c.description && <Paragraph>{c.description}</Paragraph>}
          <DataList>
            {c.phone && (
              <DataRow label={t('help.phone')}>
                <Link href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</Link>
              </DataRow>
            )}
            {c.phoneOutOfHours && (
              <DataRow label={t('help.out_of_hours')}>
                <Link href={`tel:${c.phoneOutOfHours.replace(/[^\d+]/g, '')}`}>{c.phoneOutOfHours}</Link>
              </DataRow>
            )}
            {c.available && <DataRow label={t('help.available')}>{c.available}</DataRow>}
            {c.url && (
              <DataRow label={t('help.website')}>
                <Link href={c.url} external>
                  {c.url.replace(/^https?:\/\//, '')}
                </Link>
              </DataRow>
            )}
          </DataList>
        </li>
      ))}
    </ul>
  );
}

export function helpRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/help',
    handler: async ({ tx, who, view }) => (
      <Layout view={view} title={view.t('help.title')}>
        <Paragraph>
          <strong>{view.t('help.emergency')}</strong>
        </Paragraph>
        <Paragraph>{view.t('help.intro')}</Paragraph>
        <ContactList view={view} contacts={await listContacts(tx, who)} />
      </Layout>
    ),
  });
}
