import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../../i18n/index.js';
import type { FieldErrors } from '../form/Form.js';
import type { View } from '../view.js';

/** Labelled form fields: text boxes, text areas, selects, native inputs, radio and checkbox groups. */

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
  inputMode?: 'numeric' | 'text' | 'url';
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

function ErrorMessage({ view, id, error }: { view: View; id: string; error: MessageKey | undefined }) {
  if (!error) return null;
  return (
    <div class="utrecht-form-field-error-message" id={`${id}-error`}>
      {view.t(error)}
    </div>
  );
}

interface Option {
  value: string;
  label: string;
  hint?: string;
}

interface RadioGroupProps {
  view: View;
  name: string;
  legend: string;
  options: Option[];
  value: string | undefined;
  errors: FieldErrors;
  /** Shown under one option, e.g. the consult path under "emotional". */
  extra?: Record<string, ComponentChildren>;
}

/** A fieldset of radio buttons; the first carries the id the error summary links to. */
export function RadioGroup({ view, name, legend, options, value, errors, extra }: RadioGroupProps) {
  const error = errors[name];
  return (
    <fieldset
      class={`utrecht-form-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={error ? `field-${name}-error` : undefined}
    >
      <legend class="utrecht-form-fieldset__legend">{legend}</legend>
      <ErrorMessage view={view} id={`field-${name}`} error={error} />
      {options.map((option, index) => {
        const id = index === 0 ? `field-${name}` : `field-${name}-${option.value}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--radio">
            <div class="utrecht-form-field__input">
              <input
                class="utrecht-radio-button utrecht-radio-button--html-input"
                type="radio"
                id={id}
                name={name}
                value={option.value}
                checked={value === option.value}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
              />
            </div>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label utrecht-form-label--radio" for={id}>
                {option.label}
              </label>
            </div>
            {option.hint && (
              <div class="utrecht-form-field-description" id={`${id}-hint`}>
                {option.hint}
              </div>
            )}
            {extra?.[option.value]}
          </div>
        );
      })}
    </fieldset>
  );
}

/** What a labelled control needs to tie its hint and error message to itself. */
interface ControlWiring {
  id: string;
  error: string | undefined;
  describedBy: string | undefined;
}

/**
 * The frame every labelled field shares: label, hint and error message, each tied to the
 * control by id so screen readers read them with it. The control itself is passed in.
 */
function LabelledField({
  view,
  name,
  label,
  hint,
  errors,
  kind,
  control,
}: {
  view: View;
  name: string;
  label: string;
  hint?: string;
  errors: FieldErrors;
  kind: string;
  control: (wiring: ControlWiring) => ComponentChildren;
}) {
  const id = `field-${name}`;
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`utrecht-form-field utrecht-form-field--${kind}${error ? ' utrecht-form-field--invalid' : ''}`}>
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
      <ErrorMessage view={view} id={id} error={error} />
      <div class="utrecht-form-field__input">{control({ id, error, describedBy })}</div>
    </div>
  );
}

interface TextAreaProps {
  view: View;
  name: string;
  label: string;
  hint?: string;
  value?: string;
  errors: FieldErrors;
  rows?: number;
  required?: boolean;
}

/**
 * A labelled text area. Required is announced with aria-required, not the required attribute:
 * Utrecht styles a required, still empty textarea as :invalid (red) before anyone typed in it.
 */
export function TextArea({ view, name, label, hint, value, errors, rows = 5, required }: TextAreaProps) {
  return (
    <LabelledField
      view={view}
      name={name}
      label={label}
      hint={hint}
      errors={errors}
      kind="textarea"
      control={({ id, error, describedBy }) => (
        <textarea
          class={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
          id={id}
          name={name}
          rows={rows}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          aria-required={required ? 'true' : undefined}
        >
          {value ?? ''}
        </textarea>
      )}
    />
  );
}

interface SelectProps {
  view: View;
  name: string;
  label: string;
  hint?: string;
  options: Option[];
  value: string | undefined;
  errors: FieldErrors;
}

export function Select({ view, name, label, hint, options, value, errors }: SelectProps) {
  return (
    <LabelledField
      view={view}
      name={name}
      label={label}
      hint={hint}
      errors={errors}
      kind="select"
      control={({ id, error, describedBy }) => (
        <select
          class="utrecht-select utrecht-select--html-select"
          id={id}
          name={name}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        >
          {options.map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

interface InputProps {
  view: View;
  name: string;
  label: string;
  hint?: string;
  type: 'date' | 'time' | 'url' | 'file' | 'datetime-local';
  value?: string;
  errors: FieldErrors;
  accept?: string;
  required?: boolean;
}

/** Native date, time, link and file inputs: the phone shows its own picker. */
export function Input({ view, name, label, hint, type, value, errors, accept, required }: InputProps) {
  return (
    <LabelledField
      view={view}
      name={name}
      label={label}
      hint={hint}
      errors={errors}
      kind="text"
      control={({ id, error, describedBy }) => (
        <input
          class={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}`}
          id={id}
          name={name}
          type={type}
          value={type === 'file' ? undefined : value}
          accept={accept}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          required={required}
        />
      )}
    />
  );
}

/** A single checkbox with its label (for yes/no questions). */
export function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  const id = `field-${name}`;
  return (
    <div class="utrecht-form-field utrecht-form-field--checkbox">
      <div class="utrecht-form-field__input">
        <input
          class="utrecht-checkbox utrecht-checkbox--html-input"
          type="checkbox"
          id={id}
          name={name}
          value="on"
          checked={checked}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
      </div>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>
          {label}
        </label>
      </div>
      {hint && (
        <div class="utrecht-form-field-description" id={`${id}-hint`}>
          {hint}
        </div>
      )}
    </div>
  );
}
