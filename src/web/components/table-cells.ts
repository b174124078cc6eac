/**
 * Table cells never wrap (src/web/app.css): a column of several items that reads best over more lines
 * (tags, conditions) says so with `className: wrappingCell`. A column of free text is `ellipsis: true`.
 */
export const wrappingCell = 'table-cell-wraps';
