import { Readable } from 'node:stream';
import type { TrainerRun } from '../domain/training.ts';
import { loadSharp } from '../images/sharp-loader.ts';
import { zipStream } from '../images/zip-stream.ts';

/**
 * A training set as hosted trainers take it: one ZIP with each picture as PNG and its caption as a `.txt` of the same
 * name beside it, numbered so the order and any repeated file names survive.
 */
export async function trainingSetZip(run: TrainerRun): Promise<Buffer> {
  const sharp = await loadSharp();
  const entries = run.set.images.flatMap((image, index) => {
    const base = `${String(index + 1).padStart(3, '0')}-${image.fileName.replace(/\.[^.]*$/u, '').replace(/[^A-Za-z0-9_-]/gu, '_')}`;
    return [
      {
        name: `${base}.png`,
        mtime: new Date(0),
        open: async () =>
          Readable.from([
            await sharp(await run.readImage(image))
              .png()
              .toBuffer(),
          ]),
      },
      { name: `${base}.txt`, mtime: new Date(0), open: async () => Readable.from([Buffer.from(image.caption, 'utf8')]) },
    ];
  });
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(entries)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
