import type { Kysely } from 'kysely';

/** How a library image was made from its parent (an edit with its instruction, a variation with its strength), as JSON. */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('library_images').addColumn('refinement', 'text').execute();
  // Every refinement before this migration was a variation of the same settings with new seeds.
  await database
    .updateTable('library_images')
    .set({ refinement: JSON.stringify({ kind: 'variation', strength: null }) })
    .where('parent_id', 'is not', null)
    .execute();
}

export async function down(database: Kysely<any>): Promise<void> {
  await database.schema.alterTable('library_images').dropColumn('refinement').execute();
}
