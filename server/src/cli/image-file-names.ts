import path from 'node:path';

const MAX_SLUG_LENGTH = 48;

/** A file-name-safe rendering of a prompt: "A red bicycle, top view!" → "a-red-bicycle-top-view". */
export function slugOf(prompt: string): string {
  const slug = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return slug || 'image';
}

/**
 * The job id in a form short enough to read: its last 12 hex digits. Job ids are UUIDv7, whose first digits are the
 * time, so jobs started together share them; the last ones are random.
 */
export function shortJobId(jobId: string): string {
  return jobId.replaceAll('-', '').slice(-12);
}

/** Where image n of a job is written: the prompt, the short job id and n, so names sort by prompt and never clash. */
export function imageFilePath(options: { folder: string; prompt: string; jobId: string; n: number }): string {
  return path.join(options.folder, `${slugOf(options.prompt)}-${shortJobId(options.jobId)}-${options.n}.png`);
}

/** A written file as the user would type it: relative to where they are when it is below, absolute otherwise. */
export function displayPath(file: string, workingDirectory: string): string {
  const relative = path.relative(workingDirectory, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
