import type { ComponentChildren } from 'preact';

/** A list whose order means nothing (links, names, files); items are ListItem. */
export function UnorderedList({ children }: { children: ComponentChildren }) {
  return <ul class="utrecht-unordered-list">{children}</ul>;
}

/** One item of an UnorderedList. */
export function ListItem({ children }: { children: ComponentChildren }) {
  return <li class="utrecht-unordered-list__item">{children}</li>;
}

/** A list whose order is the point (steps, a sequence); items are OrderedListItem. */
export function OrderedList({ children }: { children: ComponentChildren }) {
  return <ol class="utrecht-ordered-list">{children}</ol>;
}

/** One item of an OrderedList. */
export function OrderedListItem({ children }: { children: ComponentChildren }) {
  return <li class="utrecht-ordered-list__item">{children}</li>;
}
