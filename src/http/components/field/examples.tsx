import type { VNode } from 'preact';
import { exampleView } from '../example-view.js';
import { Form } from '../form/Form.js';
import { Checkbox, CheckboxGroup, Input, RadioGroup, Select, TextArea, TextField } from './Field.js';

const view = exampleView();
const inForm = (children: VNode) => (
  <Form view={view} action="/report">
    {children}
  </Form>
);

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'text field with a hint',
    render: () =>
      inForm(
        <TextField view={view} name="place" label="Waar gebeurde het?" hint="Bijvoorbeeld: de balie van het stadskantoor" errors={{}} />,
      ),
  },
  {
    name: 'text field with an error',
    render: () =>
      inForm(
        <TextField view={view} name="email" type="email" label="E-mailadres" value="raadslid@" errors={{ email: 'error.email_invalid' }} />,
      ),
  },
  {
    name: 'text area',
    render: () =>
      inForm(
        <TextArea
          view={view}
          name="description"
          label="Wat is er gebeurd?"
          value="Hij schreeuwde en sloeg op de balie."
          errors={{}}
          rows={4}
        />,
      ),
  },
  {
    name: 'select with nobody chosen yet',
    render: () =>
      inForm(
        <Select
          view={view}
          name="userId"
          label="Wie krijgt toegang?"
          value=""
          errors={{}}
          options={[
            { value: '', label: 'Kies een persoon' },
            { value: 'a', label: 'Anouk de Griffier (griffier)' },
          ]}
        />,
      ),
  },
  {
    name: 'date and time inputs side by side',
    render: () =>
      inForm(
        <div class="wb-field-row">
          <Input view={view} name="occurredDate" type="date" label="Datum" value="2026-11-20" errors={{}} />
          <Input view={view} name="occurredTime" type="time" label="Tijd" value="14:30" errors={{}} />
        </div>,
      ),
  },
  {
    name: 'radio group with hints and an error',
    render: () =>
      inForm(
        <RadioGroup
          view={view}
          name="level"
          legend="Hoe ernstig was het?"
          value={undefined}
          errors={{ level: 'error.level_required' }}
          options={[
            { value: 'verbal_aggression', label: 'Verbale agressie', hint: 'Schelden, beledigen, intimideren' },
            { value: 'threat', label: 'Bedreiging', hint: 'Dreigen met geweld, ook online' },
          ]}
        />,
      ),
  },
  {
    name: 'checkbox group',
    render: () =>
      inForm(
        <CheckboxGroup
          view={view}
          name="targets"
          legend="Tegen wie of wat was het gericht?"
          checked={['self']}
          errors={{}}
          options={[
            { value: 'self', label: 'Mijzelf' },
            { value: 'family', label: 'Mijn gezin' },
          ]}
        />,
      ),
  },
  {
    name: 'single checkbox',
    render: () => inForm(<Checkbox name="share" label="De betrokkene stemt in met delen" checked={false} hint="Alleen met toestemming" />),
  },
];
