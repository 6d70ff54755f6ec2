import { createHash, type Hash } from 'node:crypto';

/**
 * Checks a file as safetensors while it streams past, without holding more than its header: an 8-byte little-endian
 * header length, a JSON header naming every tensor's `data_offsets` into the bytes after it, and those offsets inside
 * the file. No npm package parses the format (searched the registry list for "safetensors": none), and the check is
 * small, so it is written here. Pickled PyTorch checkpoints (.ckpt/.pt, zip or raw pickle) are named as such, since
 * loading one runs code.
 */
export class SafetensorsCheck {
  private readonly hash: Hash = createHash('sha256');
  private head: Uint8Array = new Uint8Array(0);
  private headerLength: number | undefined;
  private byteSize = 0;

  /** Feeds the next bytes; a problem found in the header ends the check early. */
  add(chunk: Uint8Array): SafetensorsProblem | undefined {
    this.hash.update(chunk);
    this.byteSize += chunk.length;
    if (this.headerLength !== undefined && this.head.length >= 8 + this.headerLength) return undefined;
    this.head = concat(this.head, chunk.subarray(0, Math.max(0, MAX_HEADER_BYTES + 8 - this.head.length)));
    if (this.headerLength === undefined && this.head.length >= 9) {
      const length = new DataView(this.head.buffer, this.head.byteOffset, 8).getBigUint64(0, true);
      if (length < 2n || length > BigInt(MAX_HEADER_BYTES) || this.head[8] !== OPEN_BRACE) {
        return this.refuse('its header length is not sensible');
      }
      this.headerLength = Number(length);
    }
    return undefined;
  }

  /**
   * A pickle's first bytes can read as a plausible header length (`\x80\x02` is 640), so a file is called pickled
   * only once it has failed as safetensors.
   */
  private refuse(why: string): SafetensorsProblem {
    return looksPickled(this.head) ? pickled() : notSafetensors(why);
  }

  bytesSeen(): number {
    return this.byteSize;
  }

  /** The verdict once every byte was added. */
  finish(): SafetensorsProblem | SafetensorsFacts {
    if (this.headerLength === undefined) return this.refuse('it is shorter than a safetensors header');
    if (this.head.length < 8 + this.headerLength) return this.refuse('it ends inside its header (the file is cut short)');
    const header = parseHeader(this.head.subarray(8, 8 + this.headerLength));
    if (!header) return this.refuse('its header is not a JSON object');
    const dataBytes = this.byteSize - 8 - this.headerLength;
    const tensorNames = Object.keys(header).filter((name) => name !== '__metadata__');
    if (tensorNames.length === 0) return notSafetensors('it holds no tensors');
    for (const name of tensorNames) {
      const offsets = (header[name] as { data_offsets?: unknown } | null)?.data_offsets;
      if (!validOffsets(offsets)) return notSafetensors(`tensor "${name}" has no valid data_offsets`);
      if (offsets[1] > dataBytes) return notSafetensors(`tensor "${name}" lies past the end of the file (the file is cut short)`);
    }
    return { sha256: this.hash.digest('hex'), byteSize: this.byteSize, suggestedFamily: suggestFamily(tensorNames) };
  }
}

export interface SafetensorsFacts {
  sha256: string;
  byteSize: number;
  /** The model family the tensor names point to, when they are recognisable. */
  suggestedFamily: string | null;
}

export interface SafetensorsProblem {
  problem: string;
}

/** The format's own limit on a header. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const OPEN_BRACE = 0x7b;

/** Tensor-name marks of each family's transformer, most specific first (HiDream's blocks also say "double"). */
const FAMILY_MARKS: [string, RegExp][] = [
  ['hidream', /double_stream_blocks|single_stream_blocks/u],
  ['flux', /double_blocks|single_blocks|single_transformer_blocks/u],
  ['sd35', /joint_blocks/u],
  ['sdxl', /lora_te2_|text_encoder_2\./u],
];

export function suggestFamily(tensorNames: string[]): string | null {
  for (const [family, mark] of FAMILY_MARKS) if (tensorNames.some((name) => mark.test(name))) return family;
  return null;
}

/** PyTorch's zip checkpoints start `PK\x03\x04`; older ones are a bare pickle, `\x80` then protocol 2 to 5. */
function looksPickled(head: Uint8Array): boolean {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return true;
  return head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5;
}

function parseHeader(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function validOffsets(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((offset) => Number.isSafeInteger(offset) && (offset as number) >= 0) &&
    (value[0] as number) <= (value[1] as number)
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (b.length === 0) return a;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

const pickled = (): SafetensorsProblem => ({
  problem:
    'This is a pickled PyTorch checkpoint (.ckpt or .pt), which can run code when loaded, so Brandgen does not take it. ' +
    'Convert it to .safetensors (for example with the safetensors convert script) and upload that.',
});

const notSafetensors = (why: string): SafetensorsProblem => ({
  problem: `This file is not a usable .safetensors file: ${why}. Upload the LoRA's .safetensors file as it was published.`,
});
