import { SafetensorsCheck, type SafetensorsFacts } from '../domain/safetensors-check.ts';
import { PayloadTooLargeError, ValidationError } from './errors.ts';

/**
 * Passes an upload's chunks on to the blob store while checking them: past `maxBytes` it stops with 413, and a file
 * that is not safetensors stops with 400 as soon as its header shows it, so the store abandons the write either way.
 * `facts()` says what the whole file was, once it has streamed through.
 */
export class CheckedLoraUpload {
  private readonly check = new SafetensorsCheck();
  private readonly source: AsyncIterable<Uint8Array>;
  private readonly maxBytes: number;
  private result: SafetensorsFacts | undefined;

  constructor(options: { source: AsyncIterable<Uint8Array>; maxBytes: number }) {
    this.source = options.source;
    this.maxBytes = options.maxBytes;
  }

  /**
   * Iterated by hand: a `for await` that stops early would destroy a request stream, and the client would see a reset
   * connection instead of the answer saying what was wrong. The caller drains what is left (see the upload route).
   */
  async *chunks(): AsyncGenerator<Uint8Array> {
    const iterator = this.source[Symbol.asyncIterator]();
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      const chunk = next.value;
      const problem = this.check.add(chunk);
      if (problem) throw fileProblem(problem.problem);
      if (this.check.bytesSeen() > this.maxBytes) throw tooLarge(this.maxBytes);
      yield chunk;
    }
    const verdict = this.check.finish();
    if ('problem' in verdict) throw fileProblem(verdict.problem);
    this.result = verdict;
  }

  facts(): SafetensorsFacts {
    if (!this.result) throw new Error('The upload has not finished streaming.');
    return this.result;
  }
}

export function tooLarge(maxBytes: number): PayloadTooLargeError {
  const megabytes = Math.round(maxBytes / (1024 * 1024));
  return new PayloadTooLargeError(
    'lora_too_large',
    `This LoRA file is larger than ${megabytes} MB, the most this Brandgen takes. ` +
      'An administrator can raise BRANDGEN_MAX_LORA_MB, or add the LoRA by its https link instead.',
  );
}

function fileProblem(message: string): ValidationError {
  return new ValidationError([{ field: 'file', message }], message);
}
