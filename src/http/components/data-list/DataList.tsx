import type { ComponentChildren } from 'preact';

/** The facts of one thing as label and value pairs (an incident's details); rows are DataRow. */
export function DataList({ children }: { children: ComponentChildren }) {
  return <dl class="utrecht-data-list">{children}</dl>;
}

export interface DataRowProps {
  /** Usually text; may hold e.g. a Code for a placeholder's name. */
  label: ComponentChildren;
  children: ComponentChildren;
  /** Keeps the line breaks a person typed (a description), still escaped as text. */
  keepLineBreaks?: boolean;
}

/** One label and its value in a DataList. */
export function DataRow({ label, children, keepLineBreaks }: DataRowProps) {
  return (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">{label}</dt>
      <dd class={keepLineBreaks ? 'utrecht-data-list__item-value wb-pre' : 'utrecht-data-list__item-value'}>{children}</dd>
    </div>
  );
}
