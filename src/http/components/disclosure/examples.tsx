import type { VNode } from 'preact';
import { Paragraph } from '../paragraph/Paragraph.js';
import { Disclosure } from './Disclosure.js';

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'closed',
    render: () => (
      <Disclosure summary="Meer over de dader (niet verplicht)">
        <Paragraph>Naam, kenmerken en hoe u de dader kent.</Paragraph>
      </Disclosure>
    ),
  },
  {
    name: 'open',
    render: () => (
      <Disclosure summary="Getuigen" open>
        <Paragraph>Wie was erbij en kan vertellen wat er gebeurde?</Paragraph>
      </Disclosure>
    ),
  },
];
