import type { VNode } from 'preact';
import { Paragraph } from './Paragraph.js';

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'plain',
    render: () => <Paragraph>Hier ziet u de meldingen die u zelf hebt gedaan of waarover u bent geïnformeerd.</Paragraph>,
  },
  {
    name: 'lead',
    render: () => (
      <Paragraph lead>
        Meld agressie of geweld tegen uzelf of een collega. De veiligheidsadviseur neemt binnen één werkdag contact op.
      </Paragraph>
    ),
  },
  {
    name: 'keeping typed line breaks',
    render: () => (
      <Paragraph keepLineBreaks>
        {'Na afloop van de raadsvergadering bij de uitgang aangesproken.\nDreigende taal, geen fysiek contact.'}
      </Paragraph>
    ),
  },
  {
    name: 'text that looks like markup stays text',
    render: () => <Paragraph>{'Bericht ontvangen: <script>alert("hoi")</script> & meer'}</Paragraph>,
  },
];
