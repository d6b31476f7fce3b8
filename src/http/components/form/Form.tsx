import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../../i18n/index.js';
import type { View } from '../view.js';

/** Field errors by field name, as message keys. */
export type FieldErrors = Record<string, MessageKey>;

export function Form({ view, action, children }: { view: View; action: string; children: ComponentChildren }) {
  return (
    <form method="post" action={action} noValidate class="wb-form">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      {children}
    </form>
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
