import type { ComponentChildren } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'subtle';

const VARIANT_CLASS: Record<ButtonVariant, string> = {
  primary: 'utrecht-button--primary-action',
  secondary: 'utrecht-button--secondary-action',
  subtle: 'utrecht-button--subtle',
};

export interface ButtonProps {
  /** primary: the one main action of a form; secondary: the others; subtle: low-key (sign out). */
  variant: ButtonVariant;
  /** submit unless said otherwise: our buttons post forms, pages carry no scripts. */
  type?: 'submit' | 'button' | 'reset';
  /** With value: which of several buttons in one form was pressed (e.g. a status transition). */
  name?: string;
  value?: string;
  children: ComponentChildren;
}

/** A button that does something (posts its form); use Link to go somewhere. */
export function Button({ variant, type = 'submit', name, value, children }: ButtonProps) {
  return (
    <button type={type} name={name} value={value} class={`utrecht-button ${VARIANT_CLASS[variant]}`}>
      {children}
    </button>
  );
}

/** The actions under a form: one button or several side by side, wrapping on a phone. */
export function ButtonRow({ children }: { children: ComponentChildren }) {
  return <div class="wb-actions wb-button-row">{children}</div>;
}
