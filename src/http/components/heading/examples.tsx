import type { VNode } from 'preact';
import { Heading } from './Heading.js';

export const examples: { name: string; render: () => VNode }[] = [
  { name: 'level 1, the page title', render: () => <Heading level={1}>Melding 2026-0042</Heading> },
  {
    name: 'level 2 with an id, naming a section',
    render: () => (
      <section aria-labelledby="evidence-heading">
        <Heading level={2} id="evidence-heading">
          Bewijsmateriaal
        </Heading>
      </section>
    ),
  },
  {
    name: 'levels 2 to 4 in order',
    render: () => (
      <>
        <Heading level={2}>Zaakdossier</Heading>
        <Heading level={3}>Schade</Heading>
        <Heading level={4}>Vergoeding door de werkgever</Heading>
      </>
    ),
  },
];
