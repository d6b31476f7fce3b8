import type { ComponentChildren } from 'preact';

export interface ParagraphProps {
  children: ComponentChildren;
  /** The larger opening paragraph that says what a page is for. */
  lead?: boolean;
  /** Keeps the line breaks a person typed (a description, a note), still escaped as text. */
  keepLineBreaks?: boolean;
}

/** Body text; every run of prose on a page is one of these, not a bare <p>. */
export function Paragraph({ children, lead, keepLineBreaks }: ParagraphProps) {
  const classes = ['utrecht-paragraph', lead && 'utrecht-paragraph--lead', keepLineBreaks && 'wb-pre'].filter(Boolean).join(' ');
  return <p class={classes}>{children}</p>;
}
