import type { VNode } from 'preact';
import { Heading } from '../heading/Heading.js';
import { Link } from '../link/Link.js';
import { ListItem, UnorderedList } from '../list/List.js';
import { Paragraph } from '../paragraph/Paragraph.js';
import { Alert } from './Alert.js';

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'info, part of the page',
    render: () => (
      <Alert type="info">
        <Paragraph>Eerste melding over deze persoon.</Paragraph>
      </Alert>
    ),
  },
  {
    name: 'ok, a notice after saving',
    render: () => (
      <Alert type="ok" role="status">
        <Paragraph>De melding is opgeslagen.</Paragraph>
      </Alert>
    ),
  },
  {
    name: 'warning with a temporary password',
    render: () => (
      <Alert type="warning" role="status">
        <Paragraph>Het tijdelijke wachtwoord van Jan de Vries is: kaars-molen-7-tulp. Geef het persoonlijk door.</Paragraph>
      </Alert>
    ),
  },
  {
    name: 'error, a problem after a redirect',
    render: () => (
      <Alert type="error" role="alert">
        <Paragraph>Geef een reden op om de termijn te laten vervallen.</Paragraph>
      </Alert>
    ),
  },
  {
    name: 'warning as a section with a heading and a list',
    render: () => (
      <Alert type="warning" labelledBy="duplicates-heading">
        <Heading level={2} id="duplicates-heading">
          Mogelijk al geregistreerd
        </Heading>
        <Paragraph>Deze personen lijken op wie u invoert. Kies er een als het dezelfde is.</Paragraph>
        <UnorderedList>
          <ListItem>
            <Link href="/perpetrators/1">P. Jansen</Link> — zelfde naam en geboortejaar
          </ListItem>
        </UnorderedList>
      </Alert>
    ),
  },
];
