import { parse } from 'csv-parse/sync';
import type { CsvTable } from '../domain/template-rows.ts';

export type CsvRows = ({ ok: true } & CsvTable) | { ok: false; message: string };

const MAX_ROW_CHARACTERS = 10_000;

/** The parser's own wording ("Invalid Closing Quote: got …") means nothing to a designer: each known failure in plain words. */
function describeParseFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const line = typeof error === 'object' && error !== null && 'lines' in error && typeof error.lines === 'number' ? error.lines : null;
  const where = line === null ? '' : ` on line ${line}`;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `A quotation mark${where} is never closed. Close it with a second ", or remove it.`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `A value${where} has a quotation mark in the middle. Put the whole value in double quotes and double the inner ones ("").`;
    case 'CSV_MAX_RECORD_SIZE':
      return `A row${where} is too long. Keep each row under ${MAX_ROW_CHARACTERS.toLocaleString('en')} characters.`;
    default:
      return `The CSV could not be read${where}. Check its commas and quotation marks.`;
  }
}

/**
 * CSV text → its header row and the rows after it, each as its values. Rows may differ in length here: the template
 * check names the rows that do not fit, with what they should hold.
 */
export function parseCsvRows(text: string): CsvRows {
  let records: string[][];
  try {
    records = parse(text, {
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      max_record_size: MAX_ROW_CHARACTERS,
    }) as string[][];
  } catch (error) {
    return { ok: false, message: describeParseFailure(error) };
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) {
    return { ok: false, message: 'The CSV needs a first row naming the placeholders, then at least one row of values.' };
  }
  return { ok: true, header, rows };
}
