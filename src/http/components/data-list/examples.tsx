import type { VNode } from 'preact';
import { Code } from '../code/Code.js';
import { DataList, DataRow } from './DataList.js';

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'details of an incident',
    render: () => (
      <DataList>
        <DataRow label="Status">In behandeling</DataRow>
        <DataRow label="Ernst">Bedreiging</DataRow>
        <DataRow label="Wanneer">12 maart 2026 21:00 – 21:15</DataRow>
        <DataRow label="Kanaal">Persoonlijk contact</DataRow>
        <DataRow label="Plaats">Stadhuis, hoofdingang</DataRow>
      </DataList>
    ),
  },
  {
    name: 'a description with its line breaks',
    render: () => (
      <DataList>
        <DataRow label="Beschrijving" keepLineBreaks>
          {'Wethouder werd na de raadsvergadering opgewacht.\nDe man riep dat hij wist waar zij woont.\nBode heeft de politie gebeld.'}
        </DataRow>
      </DataList>
    ),
  },
  {
    name: 'code as the label (letter placeholders)',
    render: () => (
      <DataList>
        <DataRow label={<Code>{'{naam}'}</Code>}>De naam van degene die de brief ontvangt</DataRow>
        <DataRow label={<Code>{'{einddatum}'}</Code>}>De laatste dag van het toegangsverbod</DataRow>
      </DataList>
    ),
  },
];
