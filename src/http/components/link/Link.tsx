import type { ComponentChildren } from 'preact';

export interface LinkProps {
  href: string;
  children: ComponentChildren;
  /** The link to the page being shown (in a navigation list). */
  current?: boolean;
  /** A URL from outside (e.g. one a reporter pasted): no referrer, no opener, no search-engine credit. */
  external?: boolean;
  /** A pagination link: the next or previous page of a list. */
  rel?: 'next' | 'prev';
}

/** A link in running text or a list; use Button for anything that changes data. */
export function Link({ href, children, current, external, rel }: LinkProps) {
  return (
    <a
      class={current ? 'utrecht-link utrecht-link--current' : 'utrecht-link'}
      href={href}
      aria-current={current ? 'page' : undefined}
      rel={external ? 'noopener noreferrer nofollow' : rel}
    >
      {children}
    </a>
  );
}
