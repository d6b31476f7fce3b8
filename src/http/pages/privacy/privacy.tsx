import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { requireRole } from '../../../domain/access/access.js';
import { accountabilityPolicy } from '../../../domain/accountability/accountability.policy.js';
import { retentionPolicy } from '../../../domain/retention/retention.js';
import { Layout, Link, ListItem, Paragraph, UnorderedList } from '../../components/index.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { accessReviewPageRoutes } from './access-review.js';
import { auditPageRoutes } from './audit.js';
import { registerPageRoutes } from './register.js';

/** /privacy: where the administrator and the privacy officer find the audit trail, the access review, the register and retention. */
export function privacyPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/privacy',
    handler: async ({ who, view }) => {
      requireRole(accountabilityPolicy, who, 'audit.read');
      const t = view.t;
      return (
        <Layout view={view} title={t('privacy.title')}>
          <Paragraph>{t('privacy.intro')}</Paragraph>
          <UnorderedList>
            <ListItem>
              <Link href="/audit">{t('privacy.audit.title')}</Link>
            </ListItem>
            <ListItem>
              <Link href="/access-reviews">{t('privacy.review.title')}</Link>
            </ListItem>
            <ListItem>
              <Link href="/privacy/register">{t('privacy.register.title')}</Link>
            </ListItem>
            {retentionPolicy.abilitiesOf(who).includes('settings.read') && (
              <ListItem>
                <Link href="/settings/retention">{t('retention.title')}</Link>
              </ListItem>
            )}
          </UnorderedList>
        </Layout>
      );
    },
  });
  auditPageRoutes(app, db);
  accessReviewPageRoutes(app, db);
  registerPageRoutes(app, db);
}
