import { SqliteAdapter, type Kysely, type Transaction } from 'kysely';
import { promptSearchFor, type PromptSearch } from '../prompt-search.ts';
import type { Database } from '../schema.ts';

interface EditJob {
  id: string;
  settings: Record<string, any>;
}

/**
 * Edits stored their instruction as their prompt, so "use these settings" and variations of an edit started from the
 * instruction. An edit now keeps the prompt of the image it edits; this gives the edits made before the same: the job,
 * its recorded source prompt, and its library images (with their search words). Edits run oldest first, so an edit of
 * an edit takes its parent's prompt once that is put right. Variations made from an edit's instruction keep it: it is
 * the prompt they were really drawn from.
 */
export async function up(database: Kysely<any>): Promise<void> {
  const search: PromptSearch = promptSearchFor(database.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres://');
  const rows = await database
    .selectFrom('jobs')
    .select(['id', 'settings'])
    .where('settings', 'like', '%"kind":"edit"%')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const edits: EditJob[] = rows
    .map((row) => ({ id: row.id as string, settings: JSON.parse(row.settings as string) as Record<string, any> }))
    .filter((job) => job.settings.refinement?.kind === 'edit');
  for (const job of edits) {
    const sourcePrompt = await promptOfSource(database, job);
    if (sourcePrompt === undefined) continue;
    const settings = { ...job.settings, refinement: { ...job.settings.refinement, sourcePrompt } };
    await database
      .updateTable('jobs')
      .set({ prompt: sourcePrompt, settings: JSON.stringify(settings) })
      .where('id', '=', job.id)
      .execute();
    const images = await database.selectFrom('library_images').select(['seq']).where('job_id', '=', job.id).execute();
    for (const { seq } of images) {
      await search.remove(database as Transaction<Database>, seq as number, sourcePrompt);
      await database.updateTable('library_images').set({ prompt: sourcePrompt }).where('seq', '=', seq).execute();
      await search.index(database as Transaction<Database>, seq as number, sourcePrompt);
    }
  }
}

/** The prompt of the image an edit changed, as the library now holds it; the job's own record when that image is gone. */
async function promptOfSource(database: Kysely<any>, job: EditJob): Promise<string | undefined> {
  const parentId = job.settings.parentImageId;
  if (typeof parentId === 'string') {
    const parent = await database.selectFrom('library_images').select('prompt').where('id', '=', parentId).executeTakeFirst();
    if (parent) return parent.prompt as string;
  }
  const recorded = job.settings.refinement?.sourcePrompt;
  return typeof recorded === 'string' ? recorded : undefined;
}

/** The instruction is kept in each edit's settings, but which prompts were put right is not: nothing to undo. */
export async function down(): Promise<void> {}
