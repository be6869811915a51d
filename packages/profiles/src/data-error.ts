/** A bundled or user-supplied data file that does not parse: which file, which row, which field, why. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly row: number | undefined,
    readonly field: string | undefined,
    readonly problem: string,
    /** What `row` counts: CSV rows, or lines of a plain text file. */
    readonly position: 'row' | 'line' = 'row',
  ) {
    super(`${file}${row !== undefined ? `, ${position} ${row}` : ''}${field ? `, field "${field}"` : ''}: ${problem}`);
    this.name = 'DataError';
  }
}
