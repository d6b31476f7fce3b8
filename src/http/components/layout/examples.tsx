import type { VNode } from 'preact';
import { exampleClerk, exampleView } from '../example-view.js';
import { Paragraph } from '../paragraph/Paragraph.js';
import { Layout } from './Layout.js';

/** The frame of every page: a whole document, so these examples are served as pages of their own. */
export const examples: { name: string; page: true; render: () => VNode }[] = [
  {
    name: 'signed out',
    page: true,
    render: () => (
      <Layout view={exampleView({ path: '/sign-in' })} title="Inloggen">
        <Paragraph>Log in met uw e-mailadres en wachtwoord.</Paragraph>
      </Layout>
    ),
  },
  {
    name: 'a clerk on the incident list',
    page: true,
    render: () => (
      <Layout view={exampleView({ path: '/incidents', who: exampleClerk })} title="Meldingen">
        <Paragraph>Er zijn geen meldingen in deze periode.</Paragraph>
      </Layout>
    ),
  },
];
