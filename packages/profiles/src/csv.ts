import { readFileSync } from 'node:fs';
import { DataError } from './data-error';

/** One data row of a CSV file, with accessors that name the file, row and field on bad values. */
export class CsvRow {
  constructor(
    readonly file: string,
    /** 1-based line number in the file (the header is line 1). */
    readonly line: number,
    private readonly cells: Record<string, string>,
  ) {}

  text(field: string): string {
    const value = this.cells[field];
    if (value === undefined || value === '') throw new DataError(this.file, this.line, field, 'missing value');
    return value;
  }

  optionalText(field: string): string | undefined {
    const value = this.cells[field];
    return value === undefined || value === '' ? undefined : value;
  }

  /** A finite number within [min, max]. */
  number(field: string, min = -Infinity, max = Infinity): number {
    const raw = this.text(field);
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new DataError(this.file, this.line, field, `"${raw}" is not a number`);
    if (value < min || value > max) throw new DataError(this.file, this.line, field, `${value} is outside [${min}, ${max}]`);
    return value;
  }

  optionalNumber(field: string, min = -Infinity, max = Infinity): number | undefined {
    const raw = this.optionalText(field);
    return raw === undefined || raw === 'None' || raw === 'NaN' ? undefined : this.number(field, min, max);
  }

  integer(field: string, min = -Infinity, max = Infinity): number {
    const value = this.number(field, min, max);
    if (!Number.isInteger(value)) throw new DataError(this.file, this.line, field, `${value} is not a whole number`);
    return value;
  }

  boolean(field: string): boolean {
    const raw = this.text(field);
    if (raw === 'True' || raw === 'true') return true;
    if (raw === 'False' || raw === 'false') return false;
    throw new DataError(this.file, this.line, field, `"${raw}" is not True or False`);
  }
}

/** Splits one CSV line, honouring double quotes (the bundled files quote only text cells). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** Parses CSV text; every row must have the header's number of cells and the required columns must exist. */
export function parseCsv(text: string, file: string, required: readonly string[] = []): CsvRow[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new DataError(file, undefined, undefined, 'the file is empty');
  const header = splitCsvLine(lines[0]);
  for (const col of required) {
    if (!header.includes(col)) throw new DataError(file, 1, col, `missing column (header: ${header.join(', ')})`);
  }
  const rows: CsvRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = splitCsvLine(lines[i]);
    if (cells.length !== header.length) {
      throw new DataError(file, i + 1, undefined, `expected ${header.length} cells, found ${cells.length} (truncated or corrupted row?)`);
    }
    rows.push(new CsvRow(file, i + 1, Object.fromEntries(header.map((h, j) => [h, cells[j]]))));
  }
  return rows;
}

export function readCsv(path: string, required: readonly string[] = []): CsvRow[] {
  return parseCsv(readFileSync(path, 'utf8'), path, required);
}

export function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DataError(path, undefined, undefined, `not valid JSON: ${(err as Error).message}`);
  }
}
