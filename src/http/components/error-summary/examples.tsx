import type { VNode } from 'preact';
import { exampleView } from '../example-view.js';
import { TextField } from '../field/Field.js';
import { Form } from '../form/Form.js';
import { ErrorSummary } from './ErrorSummary.js';

const view = exampleView();

export const examples: { name: string; render: () => VNode }[] = [
  {
    name: 'two mistakes, listed in the order of the fields, each a link to its field',
    render: () => {
      const errors = { password: 'error.password_too_short', email: 'error.email_invalid' } as const;
      return (
        <>
          <ErrorSummary view={view} errors={errors} order={['email', 'password']} />
          <Form view={view} action="/setup">
            <TextField view={view} name="email" type="email" label="E-mailadres" value="beheer@" errors={errors} />
            <TextField view={view} name="password" type="password" label="Wachtwoord" errors={errors} />
          </Form>
        </>
      );
    },
  },
];
