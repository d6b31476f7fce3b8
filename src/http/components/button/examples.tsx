import type { VNode } from 'preact';
import { Button, ButtonRow } from './Button.js';

export const examples: { name: string; render: () => VNode }[] = [
  { name: 'primary', render: () => <Button variant="primary">Melding versturen</Button> },
  { name: 'secondary', render: () => <Button variant="secondary">Bestand toevoegen</Button> },
  { name: 'subtle', render: () => <Button variant="subtle">Afmelden</Button> },
  {
    name: 'row of transitions in one form (name and value)',
    render: () => (
      <form method="post" action="/incidents/1/status">
        <ButtonRow>
          <Button variant="primary" name="transition" value="submit">
            Indienen
          </Button>
          <Button variant="secondary" name="transition" value="close">
            Afsluiten
          </Button>
        </ButtonRow>
      </form>
    ),
  },
  {
    name: 'a plain button and a reset',
    render: () => (
      <form>
        <ButtonRow>
          <Button variant="secondary" type="button">
            Toon meer
          </Button>
          <Button variant="subtle" type="reset">
            Filters wissen
          </Button>
        </ButtonRow>
      </form>
    ),
  },
];
