import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { listContacts, type Contact } from '../../../domain/aftercare/contacts.js';
import { Layout } from '../../components/index.js';
import type { View } from '../../components/view.js';
import { pageRoute } from '../../pipeline/page-route.js';

/** The help contacts as cards: shown on their own page and beside the aftercare plan. */
export function ContactList({ view, contacts }: { view: View; contacts: Contact[] }) {
  const t = view.t;
  return (
    <ul class="wb-contacts">
      {contacts.map((c) => (
        <li class="wb-contact">
          <h3 class="utrecht-heading-3">{c.name}</h3>
          {c.description && <p class="utrecht-paragraph">{c.description}</p>}
          <dl class="utrecht-data-list">
            {c.phone && (
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t('help.phone')}</dt>
                <dd class="utrecht-data-list__item-value">
                  <a class="utrecht-link" href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>
                    {c.phone}
                  </a>
                </dd>
              </div>
            )}
            {c.phoneOutOfHours && (
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t('help.out_of_hours')}</dt>
                <dd class="utrecht-data-list__item-value">
                  <a class="utrecht-link" href={`tel:${c.phoneOutOfHours.replace(/[^\d+]/g, '')}`}>
                    {c.phoneOutOfHours}
                  </a>
                </dd>
              </div>
            )}
            {c.available && (
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t('help.available')}</dt>
                <dd class="utrecht-data-list__item-value">{c.available}</dd>
              </div>
            )}
            {c.url && (
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t('help.website')}</dt>
                <dd class="utrecht-data-list__item-value">
                  <a class="utrecht-link" href={c.url} rel="noopener noreferrer">
                    {c.url.replace(/^https?:\/\//, '')}
                  </a>
                </dd>
              </div>
            )}
          </dl>
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
        <p class="utrecht-paragraph">
          <strong>{view.t('help.emergency')}</strong>
        </p>
        <p class="utrecht-paragraph">{view.t('help.intro')}</p>
        <ContactList view={view} contacts={await listContacts(tx, who)} />
      </Layout>
    ),
  });
}
