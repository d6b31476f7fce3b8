import type { VNode } from 'preact';
import { Paragraph } from '../paragraph/Paragraph.js';
import { Link } from './Link.js';

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'in a paragraph',
    render: () => (
      <Paragraph>
        Lees eerst de <Link href="/help">hulp bij agressie en geweld</Link> voordat u een melding doet.
      </Paragraph>
    ),
  },
  {
    name: 'current page',
    render: () => (
      <nav aria-label="Melding">
        <Link href="/incidents/1/case" current>
          Zaakdossier
        </Link>
      </nav>
    ),
  },
  {
    name: 'external URL pasted by a reporter',
    render: () => (
      <Paragraph>
        <Link href="https://social.example.nl/@anoniem123/112233" external>
          https://social.example.nl/@anoniem123/112233
        </Link>
      </Paragraph>
    ),
  },
  {
    name: 'next page of a list',
    render: () => (
      <Paragraph>
        <Link href="/perpetrators?after=abc" rel="next">
          Volgende pagina
        </Link>
      </Paragraph>
    ),
  },
];
