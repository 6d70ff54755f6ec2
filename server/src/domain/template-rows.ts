import { placeholdersOf } from './template.ts';

/** A CSV read as text: its first row, then every following row's values in column order. */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

export interface RowProblem {
  field: string;
  message: string;
}

export type TemplateRows = { ok: true; rows: Array<Record<string, string>> } | { ok: false; problems: RowProblem[] };

function values(count: number): string {
  return count === 1 ? '1 value' : `${count} values`;
}

/**
 * Checks CSV rows against a template's placeholders and names each problem once, in words a person can act on:
 * which row (counted after the header, from 1), what it has and what the template needs.
 */
export function rowsForTemplate(prompt: string, table: CsvTable): TemplateRows {
  const needed = placeholdersOf(prompt);
  const header = table.header.map((name) => name.trim());
  const absent = needed.filter((name) => !header.includes(name));
  if (absent.length > 0) {
    const message =
      `The first row must name the template's placeholders: ${needed.join(', ')}. ` +
      `It ${absent.length === 1 ? 'misses' : 'misses these'}: ${absent.join(', ')}.`;
    return { ok: false, problems: [{ field: 'csv', message }] };
  }
  const exact = header.length === needed.length;
  const columns = exact ? `the template needs ${header.length}` : `the first row names ${header.length}`;
  const problems: RowProblem[] = [];
  const rows = table.rows.map((row, index) => {
    if (row.length !== header.length) {
      problems.push({ field: `rows.${index}`, message: `Row ${index + 1} has ${values(row.length)}; ${columns}: ${header.join(', ')}.` });
      return {};
    }
    const record = Object.fromEntries(header.map((name, column) => [name, row[column]!.trim()]));
    for (const name of needed.filter((placeholder) => !record[placeholder])) {
      problems.push({ field: `rows.${index}.${name}`, message: `Row ${index + 1} leaves ${name} empty; give it a value.` });
    }
    return record;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
