import type { VNode } from 'preact';
import { Code } from '../code/Code.js';
import { Link } from '../link/Link.js';
import { ListItem, OrderedList, OrderedListItem, UnorderedList } from './List.js';

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'unordered, plain text',
    render: () => (
      <UnorderedList>
        <ListItem>Melder</ListItem>
        <ListItem>Veiligheidsadviseur</ListItem>
        <ListItem>Griffier</ListItem>
      </UnorderedList>
    ),
  },
  {
    name: 'unordered, links (the case navigation)',
    render: () => (
      <nav aria-label="Bij deze melding">
        <UnorderedList>
          <ListItem>
            <Link href="/incidents/1/aftercare">Nazorg</Link>
          </ListItem>
          <ListItem>
            <Link href="/incidents/1/case">Zaakdossier</Link>
          </ListItem>
          <ListItem>
            <Link href="/incidents/1/measures">Maatregelen</Link>
          </ListItem>
        </UnorderedList>
      </nav>
    ),
  },
  {
    name: 'unordered, evidence with a hash',
    render: () => (
      <UnorderedList>
        <ListItem>
          <Link href="/incidents/1/evidence/2">schermafdruk-bericht.png</Link> (image/png, 184 kB) — Fatima el Amrani, 12 maart 2026 21:14
          <br />
          Controlegetal: <Code breakAll>3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b</Code>
        </ListItem>
      </UnorderedList>
    ),
  },
  {
    name: 'ordered',
    render: () => (
      <OrderedList>
        <OrderedListItem>Eerste nazorggesprek binnen twee werkdagen</OrderedListItem>
        <OrderedListItem>Tweede gesprek na vier weken</OrderedListItem>
        <OrderedListItem>Afsluitend gesprek na drie maanden</OrderedListItem>
      </OrderedList>
    ),
  },
];
