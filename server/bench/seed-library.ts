import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { generateImage } from 'ai';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { makeThumbnail, type Thumbnail } from '../src/images/thumbnail.ts';
import { createDemoImageModel } from '../src/providers/demo/demo-image-model.ts';
import { migrateToLatest, openSqliteDatabase } from '../src/db/database.ts';
import { systemClock } from '../src/services/clock.ts';

const words = [
  'red',
  'blue',
  'teal',
  'logo',
  'banner',
  'mascot',
  'fox',
  'owl',
  'mountain',
  'coffee',
  'bicycle',
  'boat',
  'city',
  'skyline',
  'minimal',
  'geometric',
  'poster',
  'icon',
  'pattern',
  'sunset',
  'forest',
  'neon',
  'paper',
  'gold',
];

/**
 * As many different pictures as History's largest window shows at once, so that every visible tile downloads and
 * decodes a thumbnail and a placeholder of its own, as in a real library (a few repeated ones would flatter the figure).
 */
const DISTINCT_THUMBNAILS = 160;

/** Thumbnails of demo-model pictures of varied prompts, made four at a time as a job makes them. */
async function distinctThumbnails(amount: number): Promise<Thumbnail[]> {
  const model = createDemoImageModel({
    palette: ['#1F3A5F', '#3E7CB1', '#F2A541', '#F4E9D8', '#E4572E'],
    brandName: 'bench',
    latencyMs: 0,
  });
  const thumbnails: Thumbnail[] = [];
  for (let first = 0; first < Math.max(1, amount); first += 4) {
    const made = await Promise.all(
      [0, 1, 2, 3].map(async (offset) => {
        const index = first + offset;
        const prompt = `${words[index % words.length]} ${words[(index * 7 + 3) % words.length]} ${words[(index * 13 + 5) % words.length]}`;
        const { image } = await generateImage({ model, prompt, seed: index, n: 1, size: '1024x1024', maxRetries: 0 });
        return makeThumbnail(image.uint8Array);
      }),
    );
    thumbnails.push(...made);
  }
  return thumbnails.slice(0, Math.max(1, amount));
}

/**
 * Fills a fresh data folder's database with `count` library images. Only the newest `withThumbnails` get thumbnail
 * files (the distinct ones repeat only beyond a window's worth), since a History page shows only the newest first.
 */
export async function seedLibrary(dataDirectory: string, count: number, withThumbnails = 0): Promise<void> {
  const thumbnails = await distinctThumbnails(Math.min(withThumbnails, DISTINCT_THUMBNAILS));
  const thumbnailFiles: Array<[string, Uint8Array]> = [];
  const database = openSqliteDatabase(path.join(dataDirectory, 'brandgen.sqlite'));
  await migrateToLatest(database);
  const start = Date.now() - count * 1000;
  // A small fixed-seed generator (xorshift32), so every run seeds the same prompts.
  let random = 2463534242;
  const next = () => {
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return random >>> 0;
  };
  await database.transaction().execute(async (transaction) => {
    for (let offset = 0; offset < count; offset += 400) {
      const rows = Array.from({ length: Math.min(400, count - offset) }, (_, index) => {
        const n = offset + index;
        const createdAt = new Date(start + n * 1000).toISOString();
        const id = systemClock.newId();
        if (n >= count - withThumbnails) thumbnailFiles.push([`thumbnails/${id}.webp`, thumbnails[n % thumbnails.length]!.webp]);
        const prompt = Array.from({ length: 6 }, () => words[next() % words.length]).join(' ');
        return {
          id,
          user_id: 'local',
          job_id: `job-${Math.floor(n / 4)}`,
          slot: n % 4,
          prompt,
          model: n % 3 === 0 ? 'demo' : 'other',
          asset_type: null,
          project_id: null,
          parent_id: null,
          seed: n,
          width: 1024,
          height: 1024,
          blob_key: `jobs/job-${Math.floor(n / 4)}/${n % 4}.png`,
          thumbnail_key: `thumbnails/${id}.webp`,
          thumbnail_etag: thumbnails[n % thumbnails.length]!.etag,
          placeholder: thumbnails[n % thumbnails.length]!.placeholder,
          favorite: n % 50 === 0 ? 1 : 0,
          created_at: createdAt,
          expires_at: new Date(start + n * 1000 + 30 * 86_400_000).toISOString(),
          brand_id: DEFAULT_BRAND_ID,
          brand_version: 1,
        };
      });
      await transaction.insertInto('library_images').values(rows).execute();
    }
    await sql`insert into library_image_search (rowid, prompt) select seq, prompt from library_images`.execute(transaction);
  });
  await database.destroy();
  await mkdir(path.join(dataDirectory, 'images', 'thumbnails'), { recursive: true });
  for (const [key, bytes] of thumbnailFiles) await writeFile(path.join(dataDirectory, 'images', key), bytes);
}
