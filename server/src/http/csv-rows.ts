import { parse } from 'csv-parse/sync';

export type CsvRows = { ok: true; rows: Array<Record<string, string>> } | { ok: false; message: string };

/** CSV text with a header row → one record per row, keyed by the header's column names. */
export function parseCsvRows(text: string): CsvRows {
  try {
    const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 10_000 }) as Array<
      Record<string, string>
    >;
    if (rows.length === 0) return { ok: false, message: 'The CSV needs a header row of placeholder names and at least one row.' };
    return { ok: true, rows };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The CSV could not be read: ${detail}` };
  }
}
