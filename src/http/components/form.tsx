import type { ComponentChildren } from 'preact';
import type { View } from './view.js';
import type { MessageKey } from '../i18n/index.js';

/** Field errors by field name, as message keys. */
export type FieldErrors = Record<string, MessageKey>;

/**
 * The accessible error summary (GOV.UK / NL DS pattern), each message a link to its field so
 * keyboard users land on the right input. role=alert alone is not reliably announced on a
 * freshly loaded page, so the summary also takes focus on load (autofocus, no script needed):
 * screen readers read it and the next Tab goes to its first link.
 */
export function ErrorSummary({
  view,
  errors,
  ids,
  order = [],
}: {
  view: View;
  errors: FieldErrors;
  ids?: Record<string, string>;
  order?: readonly string[];
}) {
  // Listed in the order of the fields on the page (given by `order`), not the validator's.
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return null;
  return (
    <div
      class="utrecht-alert utrecht-alert--error wb-error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      autoFocus
    >
      <h2 class="utrecht-heading-2" id="error-summary-title">
        {view.t('form.error_summary')}
      </h2>
      <ul class="utrecht-unordered-list">
        {entries.map(([field, key]) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`#${ids?.[field] ?? `field-${field}`}`}>
              {view.t(key)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Form({ view, action, children }: { view: View; action: string; children: ComponentChildren }) {
  return (
    <form method="post" action={action} noValidate class="wb-form">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      {children}
    </form>
  );
}

interface TextFieldProps {
  view: View;
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  errors: FieldErrors;
  autocomplete?: string;
  required?: boolean;
  inputMode?: 'numeric' | 'text';
}

/** A labelled text input with its hint and error message tied to it for screen readers. */
export function TextField({ view, name, label, hint, type = 'text', value, errors, autocomplete, required, inputMode }: TextFieldProps) {
  const id = `field-${name}`;
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={id}>
          {label}
        </label>
      </div>
      {hint && (
        <div class="utrecht-form-field-description" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {view.t(error)}
        </div>
      )}
      <div class="utrecht-form-field__input">
        <input
          class={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}`}
          id={id}
          name={name}
          type={type}
          value={type === 'password' ? undefined : value}
          autoComplete={autocomplete}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          required={required}
          inputMode={inputMode}
        />
      </div>
    </div>
  );
}

interface CheckboxGroupProps {
  view: View;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: readonly string[];
  errors: FieldErrors;
}

/** A fieldset of checkboxes; the first box carries the id the error summary links to. */
export function CheckboxGroup({ view, name, legend, options, checked, errors }: CheckboxGroupProps) {
  const error = errors[name];
  return (
    <fieldset
      class={`utrecht-form-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={error ? `field-${name}-error` : undefined}
    >
      <legend class="utrecht-form-fieldset__legend">{legend}</legend>
      {error && (
        <div class="utrecht-form-field-error-message" id={`field-${name}-error`}>
          {view.t(error)}
        </div>
      )}
      {options.map((option, index) => {
        const id = index === 0 ? `field-${name}` : `field-${name}-${option.value}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input
                class="utrecht-checkbox utrecht-checkbox--html-input"
                type="checkbox"
                id={id}
                name={name}
                value={option.value}
                checked={checked.includes(option.value)}
              />
            </div>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>
                {option.label}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

export function SubmitButton({ children }: { children: ComponentChildren }) {
  return (
    <div class="wb-actions">
      <button type="submit" class="utrecht-button utrecht-button--primary-action">
        {children}
      </button>
    </div>
  );
}
