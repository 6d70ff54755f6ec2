/** One file of a tar archive: its path inside the archive and its bytes. */
export interface ArchivedFile {
  path: string;
  bytes: Uint8Array;
}

const BLOCK = 512;

/** Whether the bytes start like a tar archive (POSIX ustar or GNU tar, which Python's tarfile writes). */
export function isTarArchive(bytes: Uint8Array): boolean {
  return bytes.byteLength >= BLOCK && Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar';
}

/**
 * The regular files of a tar archive held in memory. Replicate's FLUX trainer hands its weights back as a tar with the
 * LoRA inside (`output/flux_train_replicate/lora.safetensors`); this reads just enough of the format for that: ustar
 * names with their prefix, PAX `path` records and GNU long names. Anything it cannot read ends the list.
 */
export function filesOfTar(bytes: Uint8Array): ArchivedFile[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files: ArchivedFile[] = [];
  let nextPath: string | undefined;
  for (let offset = 0; offset + BLOCK <= buffer.length;) {
    const header = buffer.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const size = sizeOf(header.subarray(124, 136));
    const start = offset + BLOCK;
    if (size === undefined || start + size > buffer.length) break;
    const data = buffer.subarray(start, start + size);
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === 'x') nextPath = paxPath(data) ?? nextPath;
    else if (type === 'L') nextPath = textOf(data);
    else {
      if (type === '0' || type === '\0') files.push({ path: nextPath ?? ustarPath(header), bytes: new Uint8Array(data) });
      nextPath = undefined;
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

function textOf(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

function ustarPath(header: Buffer): string {
  const name = textOf(header.subarray(0, 100));
  const prefix = textOf(header.subarray(345, 500));
  return prefix ? `${prefix}/${name}` : name;
}

/** Octal digits, or (GNU, for files of 8 GB and more) a big-endian number after a set high bit. */
function sizeOf(field: Buffer): number | undefined {
  if ((field[0] ?? 0) & 0x80) {
    let value = 0;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const digits = textOf(field).trim();
  if (digits === '') return 0;
  return /^[0-7]+$/u.test(digits) ? Number.parseInt(digits, 8) : undefined;
}

/** A PAX extended header is records of the form "length key=value\n"; only `path` matters here. */
function paxPath(data: Buffer): string | undefined {
  let path: string | undefined;
  for (let offset = 0; offset < data.length;) {
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (space === -1 || !Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (record.slice(0, equals) === 'path') path = record.slice(equals + 1);
    offset += length;
  }
  return path;
}
