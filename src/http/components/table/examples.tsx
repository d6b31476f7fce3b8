import type { VNode } from 'preact';
import { Heading } from '../heading/Heading.js';
import { Link } from '../link/Link.js';
import { Table } from './Table.js';

interface Task {
  id: string;
  kind: string;
  reference: string;
  due: string;
  state: string;
}

const tasks: Task[] = [
  { id: 'a1', kind: 'Eerste nazorggesprek', reference: '2026-0042', due: '14 maart 2026 17:00', state: 'Te laat' },
  { id: 'b2', kind: 'Reactie dader afwachten', reference: '2026-0039', due: '21 maart 2026 17:00', state: 'Open' },
];

interface Damage {
  description: string;
  kind: string;
  amount: string;
}

const damage: Damage[] = [
  { description: 'Bril kapot bij duwen', kind: 'Materieel', amount: '€ 349,00' },
  { description: 'Taxi naar huis na het incident', kind: 'Kosten', amount: '€ 42,50' },
];

interface Message {
  sentAt: string;
  url: string;
}

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'with a caption and links in cells',
    render: () => (
      <Table
        caption="Te laat"
        rows={tasks}
        columns={[
          { header: 'Taak', cell: (t) => <Link href={`/incidents/${t.id}/aftercare`}>{t.kind}</Link> },
          { header: 'Melding', cell: (t) => <Link href={`/incidents/${t.id}`}>{t.reference}</Link> },
          { header: 'Uiterlijk', cell: (t) => t.due },
          { header: 'Stand', cell: (t) => t.state },
        ]}
      />
    ),
  },
  {
    name: 'row headers and a numeric column',
    render: () => (
      <Table
        caption="Schadeposten"
        rows={damage}
        columns={[
          { header: 'Omschrijving', cell: (d) => d.description, rowHeader: true },
          { header: 'Soort', cell: (d) => d.kind },
          { header: 'Bedrag', cell: (d) => d.amount, numeric: true },
        ]}
      />
    ),
  },
  {
    name: 'wide: a focusable region that scrolls sideways on a phone',
    render: () => (
      <Table
        caption="Plichten op tijd"
        wide
        scrollHint="Schuif de tabel opzij om alle kolommen te zien."
        rows={[{ duty: 'Reactie aan de veroorzaker binnen 24 uur', onTime: 12, late: 3, overdue: 1, share: '75 %' }]}
        columns={[
          { header: 'Plicht', cell: (d) => d.duty, rowHeader: true },
          { header: 'Op tijd', cell: (d) => d.onTime, numeric: true },
          { header: 'Te laat', cell: (d) => d.late, numeric: true },
          { header: 'Verlopen', cell: (d) => d.overdue, numeric: true },
          { header: 'Op tijd (%)', cell: (d) => d.share, numeric: true },
        ]}
      />
    ),
  },
  {
    name: 'caption hidden under a heading, long URL breaking',
    render: () => (
      <section aria-labelledby="online-heading">
        <Heading level={2} id="online-heading">
          Online berichten
        </Heading>
        <Table<Message>
          caption="Online berichten"
          captionHidden
          rows={[{ sentAt: '12 maart 2026 21:02', url: 'https://social.example.nl/@anoniem123/status/1122334455667788990011223344' }]}
          columns={[
            { header: 'Verzonden', cell: (m) => m.sentAt },
            {
              header: 'Adres',
              cell: (m) => (
                <Link href={m.url} external>
                  {m.url}
                </Link>
              ),
              breakWords: true,
            },
          ]}
        />
      </section>
    ),
  },
  {
    name: 'no rows, with the empty text',
    render: () => (
      <Table<Task>
        caption="Toegangsverboden"
        rows={[]}
        empty="Er zijn geen lopende toegangsverboden."
        columns={[{ header: 'Naam', cell: (t) => t.kind }]}
      />
    ),
  },
];
