import type { ComponentChildren } from 'preact';

export interface CodeProps {
  children: ComponentChildren;
  /** A long unbroken string (a SHA-256 hash) may wrap anywhere instead of widening the page. */
  breakAll?: boolean;
  /** The key to type into an authenticator app; browser tests find it by this class. */
  secret?: boolean;
}

/** Text a person copies or types exactly: a hash, a placeholder, a key. */
export function Code({ children, breakAll, secret }: CodeProps) {
  const classes = ['utrecht-code', breakAll && 'wb-break', secret && 'wb-secret'].filter(Boolean).join(' ');
  return <code class={classes}>{children}</code>;
}
