import type { ComponentChildren } from 'preact';

export interface TableColumn<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Amounts and counts: aligned right, digits of equal width. */
  numeric?: boolean;
  /** The column that names the row (a person, a measure): a header cell with scope="row". */
  rowHeader?: boolean;
  /** Long unbroken text (URLs, hashes) may wrap anywhere instead of widening the page. */
  breakWords?: boolean;
}

export interface TableProps<T> {
  /** What the table lists; screen readers announce it when they enter the table. */
  caption: string;
  /**
   * The caption names the table without being shown, for a table a heading just above already
   * introduces. It becomes the table's aria-label: the CSP forbids the inline style a visually
   * hidden <caption> would need, and the stylesheet has no class for it.
   */
  captionHidden?: boolean;
  columns: TableColumn<T>[];
  rows: T[];
  /** Said instead of the table when there are no rows; without it, no rows render nothing. */
  empty?: string;
  /**
   * Many columns, wider than a phone: the container that scrolls sideways is a named, focusable
   * region, so keyboard users can scroll it too (WCAG 2.1.1).
   */
  wide?: boolean;
}

function cellClass(
  base: 'utrecht-table__cell' | 'utrecht-table__header-cell',
  column: Pick<TableColumn<unknown>, 'numeric' | 'breakWords'>,
): string {
  return [
    base,
    column.numeric && `${base}--numeric-column`,
    column.numeric && base === 'utrecht-table__cell' && 'utrecht-table__cell--numeric-data',
    column.breakWords && 'wb-break',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Every table in the product: rows of one kind of thing, with column headers for each. */
export function Table<T>({ caption, captionHidden, columns, rows, empty, wide }: TableProps<T>) {
  if (rows.length === 0) return empty === undefined ? null : <p class="utrecht-paragraph">{empty}</p>;
  return (
    <div class="utrecht-table-container" {...(wide ? { tabIndex: 0, role: 'region', 'aria-label': caption } : {})}>
      <table class="utrecht-table" aria-label={captionHidden ? caption : undefined}>
        {!captionHidden && <caption class="utrecht-table__caption">{caption}</caption>}
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {columns.map((column) => (
              <th class={cellClass('utrecht-table__header-cell', column)} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {rows.map((row) => (
            <tr class="utrecht-table__row">
              {columns.map((column) =>
                column.rowHeader ? (
                  <th class={cellClass('utrecht-table__header-cell', column)} scope="row">
                    {column.cell(row)}
                  </th>
                ) : (
                  <td class={cellClass('utrecht-table__cell', column)}>{column.cell(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
