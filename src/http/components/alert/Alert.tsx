import type { ComponentChildren } from 'preact';

export type AlertType = 'info' | 'ok' | 'warning' | 'error';

export interface AlertProps {
  /** info: context to note; ok: something succeeded; warning: take care; error: it did not work. */
  type: AlertType;
  /**
   * Only for news that arrives with the page (a notice after saving: status; a problem: alert).
   * Leave it out for a box that is simply part of the page, or it is read out on every visit.
   */
  role?: 'alert' | 'status';
  /** The id of a heading inside: the box becomes a section named by it. */
  labelledBy?: string;
  children: ComponentChildren;
}

/** A coloured box that stands out from the page; its children are paragraphs, lists, a heading. */
export function Alert({ type, role, labelledBy, children }: AlertProps) {
  const classes = `utrecht-alert utrecht-alert--${type}`;
  if (labelledBy)
    return (
      <section class={classes} role={role} aria-labelledby={labelledBy}>
        {children}
      </section>
    );
  return (
    <div class={classes} role={role}>
      {children}
    </div>
  );
}
