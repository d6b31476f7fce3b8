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
   * Many columns that only make sense side by side (figures to compare): on a phone the table
   * keeps its columns and scrolls sideways, in a named, focusable region (keyboard users can
   * scroll it too, WCAG 2.1.1) with shadows at the edge that has more. Other tables become a
   * list of rows on a narrow screen, each cell under its column's name.
   */
  wide?: boolean;
  /** Shown above a wide table on a narrow screen: that it scrolls sideways ("Schuif opzij …"). */
  scrollHint?: string;
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

/**
 * Every table in the product: rows of one kind of thing, with column headers for each. The
 * explicit roles keep it a table for screen readers when a narrow screen lays the rows out as
 * blocks (display: block drops a table's semantics in some browsers); each cell carries its
 * column's name (data-label), which the stylesheet shows above the value there.
 */
export function Table<T>({ caption, captionHidden, columns, rows, empty, wide, scrollHint }: TableProps<T>) {
  if (rows.length === 0) return empty === undefined ? null : <p class="utrecht-paragraph">{empty}</p>;
  const table = (
    <table class="utrecht-table" role="table" aria-label={captionHidden ? caption : undefined}>
      {!captionHidden && <caption class="utrecht-table__caption">{caption}</caption>}
      <thead class="utrecht-table__header" role="rowgroup">
        <tr class="utrecht-table__row" role="row">
          {columns.map((column) => (
            <th class={cellClass('utrecht-table__header-cell', column)} scope="col" role="columnheader">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="utrecht-table__body" role="rowgroup">
        {rows.map((row) => (
          <tr class="utrecht-table__row" role="row">
            {columns.map((column) =>
              column.rowHeader ? (
                <th class={cellClass('utrecht-table__header-cell', column)} scope="row" role="rowheader" data-label={column.header}>
                  {column.cell(row)}
                </th>
              ) : (
                <td class={cellClass('utrecht-table__cell', column)} role="cell" data-label={column.header}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!wide) return <div class="utrecht-table-container wb-table-stack">{table}</div>;
  return (
    <>
      {scrollHint && <p class="utrecht-paragraph wb-scroll-hint">{scrollHint}</p>}
      <div
        class="utrecht-table-container utrecht-table-container--overflow-inline wb-table-wide"
        tabIndex={0}
        role="region"
        aria-label={caption}
      >
        {table}
      </div>
    </>
  );
}
