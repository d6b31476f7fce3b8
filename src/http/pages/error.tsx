import { Layout } from '../components/index.js';
import type { View } from '../components/view.js';
import type { MessageKey } from '../i18n/index.js';

export function ErrorPage({ view, messageKey }: { view: View; messageKey: MessageKey }) {
  return (
    <Layout view={view} title={view.t('error.title')}>
      <p class="utrecht-paragraph">{view.t(messageKey)}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/">
          {view.t('error.back_home')}
        </a>
      </p>
    </Layout>
  );
}
