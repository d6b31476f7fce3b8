import type { View } from '../view.js';
import type { FieldErrors } from '../form/Form.js';

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
