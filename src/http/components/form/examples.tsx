import type { VNode } from 'preact';
import { exampleView } from '../example-view.js';
import { TextField } from '../field/Field.js';
import { Form, SubmitButton } from './Form.js';

const view = exampleView();

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'a form with its token and a submit button',
    render: () => (
      <Form view={view} action="/account/password">
        <TextField view={view} name="current" type="password" label="Huidig wachtwoord" errors={{}} autocomplete="current-password" />
        <SubmitButton>Wachtwoord wijzigen</SubmitButton>
      </Form>
    ),
  },
];
