import type { ComponentChildren } from 'preact';

export interface HeadingProps {
  /** The place in the page's outline: 1 is the page title (the layout renders it), 2 a section. */
  level: 1 | 2 | 3 | 4;
  /** For a section's aria-labelledby or an in-page link. */
  id?: string;
  children: ComponentChildren;
}

/** A heading of the page outline; pick the level by structure, never by the size it looks. */
export function Heading({ level, id, children }: HeadingProps) {
  const Tag = `h${level}` as const;
  return (
    <Tag class={`utrecht-heading-${level}`} id={id}>
      {children}
    </Tag>
  );
}
