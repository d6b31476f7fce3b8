import { Layout, Link, Paragraph } from '../components/index.js';
import type { View } from '../components/view.js';
import type { MessageKey } from '../i18n/index.js';

export function ErrorPage({ view, messageKey, titleKey = 'error.title' }: { view: View; messageKey: MessageKey; titleKey?: MessageKey }) {
  return (
    <Layout view={view} title={view.t(titleKey)}>
      <Paragraph>{view.t(messageKey)}</Paragraph>
      <Paragraph>
        <Link href="/">{view.t('error.back_home')}</Link>
      </Paragraph>
    </Layout>
  );
}
