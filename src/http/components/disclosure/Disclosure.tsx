import type { ComponentChildren } from 'preact';

/** A collapsible group of optional questions (works without JavaScript). */
export function Disclosure({ summary, open, children }: { summary: string; open?: boolean; children: ComponentChildren }) {
  return (
    <details class="wb-details" open={open}>
      <summary class="wb-details__summary">{summary}</summary>
      <div class="wb-details__body">{children}</div>
    </details>
  );
}
