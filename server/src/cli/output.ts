import { styleText } from 'node:util';

/** How a command talks: to a person at a terminal, to a pipe, or to a script reading JSON. */
export type OutputMode = 'terminal' | 'plain' | 'json' | 'json-lines';

export interface OutputFlags {
  json?: boolean | undefined;
  progress?: boolean | undefined;
}

export function outputModeOf(flags: OutputFlags, stream: NodeJS.WriteStream = process.stdout): OutputMode {
  if (flags.json) return flags.progress ? 'json-lines' : 'json';
  return stream.isTTY ? 'terminal' : 'plain';
}

/** Writes what a command has to say; colour only on a terminal that wants it (NO_COLOR, FORCE_COLOR are honoured). */
export class Output {
  readonly mode: OutputMode;
  private readonly stream: NodeJS.WriteStream;

  constructor(options: { mode: OutputMode; stream?: NodeJS.WriteStream }) {
    this.mode = options.mode;
    this.stream = options.stream ?? process.stdout;
  }

  get isJson(): boolean {
    return this.mode === 'json' || this.mode === 'json-lines';
  }

  /** A line for people; scripts asking for JSON do not get it. */
  line(text = ''): void {
    if (!this.isJson) this.stream.write(`${text}\n`);
  }

  /** The one JSON document of a `--json` command (in `--json --progress`, its last line). */
  result(document: unknown): void {
    if (this.mode === 'json') this.stream.write(`${JSON.stringify(document, null, 2)}\n`);
    else if (this.mode === 'json-lines') this.stream.write(`${JSON.stringify({ type: 'result', ...(document as object) })}\n`);
  }

  /** One JSON line of progress, only in `--json --progress`. */
  event(record: Record<string, unknown>): void {
    if (this.mode === 'json-lines') this.stream.write(`${JSON.stringify(record)}\n`);
  }

  bold(text: string): string {
    return this.style('bold', text);
  }

  dim(text: string): string {
    return this.style('dim', text);
  }

  green(text: string): string {
    return this.style('green', text);
  }

  red(text: string): string {
    return this.style('red', text);
  }

  private style(format: Parameters<typeof styleText>[0], text: string): string {
    return this.mode === 'terminal' ? styleText(format, text, { stream: this.stream }) : text;
  }
}

/** Rows of text in aligned columns; the last column may run long. */
export function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!)))
      .join('  ')
      .trimEnd(),
  );
}
