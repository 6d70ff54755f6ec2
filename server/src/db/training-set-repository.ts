import type { Selectable } from 'kysely';
import type { TrainingKind, TrainingSet, TrainingSetImage } from '../domain/training-set.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { TrainingSetImagesTable, TrainingSetsTable } from './schema.ts';

export type TrainingSetChanges = Partial<Pick<TrainingSet, 'name' | 'triggerWord' | 'kind'>>;

/** Training sets and their images; a set is read whole, with its images oldest first. */
export class TrainingSetRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  /** The set and its images in one transaction, so a failed insert leaves no set without its images. */
  async insert(set: TrainingSet): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('training_sets')
        .values({
          id: set.id,
          brand_id: set.brandId,
          name: set.name,
          trigger_word: set.triggerWord,
          kind: set.kind,
          created_at: set.createdAt,
          updated_at: set.updatedAt,
        })
        .execute();
      if (set.images.length > 0) await transaction.insertInto('training_set_images').values(set.images.map(toImageRow)).execute();
    });
  }

  async list(brandId: string): Promise<TrainingSet[]> {
    const rows = await this.database
      .selectFrom('training_sets')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return Promise.all(rows.map(async (row) => toSet(row, await this.images(row.id))));
  }

  async findById(id: string): Promise<TrainingSet | undefined> {
    const row = await this.database.selectFrom('training_sets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSet(row, await this.images(id));
  }

  async update(id: string, changes: TrainingSetChanges, captions: ReadonlyMap<string, string>, updatedAt: string): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction
        .updateTable('training_sets')
        .set({
          updated_at: updatedAt,
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.triggerWord !== undefined && { trigger_word: changes.triggerWord }),
          ...(changes.kind !== undefined && { kind: changes.kind }),
        })
        .where('id', '=', id)
        .execute();
      for (const [imageId, caption] of captions) {
        await transaction.updateTable('training_set_images').set({ caption }).where('id', '=', imageId).where('set_id', '=', id).execute();
      }
    });
  }

  async addImages(id: string, images: readonly TrainingSetImage[], updatedAt: string): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction.insertInto('training_set_images').values(images.map(toImageRow)).execute();
      await transaction.updateTable('training_sets').set({ updated_at: updatedAt }).where('id', '=', id).execute();
    });
  }

  async removeImage(id: string, imageId: string, updatedAt: string): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('training_set_images').where('id', '=', imageId).where('set_id', '=', id).execute();
      await transaction.updateTable('training_sets').set({ updated_at: updatedAt }).where('id', '=', id).execute();
    });
  }

  async delete(id: string): Promise<void> {
    await this.database.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('training_set_images').where('set_id', '=', id).execute();
      await transaction.deleteFrom('training_sets').where('id', '=', id).execute();
    });
  }

  private async images(setId: string): Promise<TrainingSetImage[]> {
    const rows = await this.database
      .selectFrom('training_set_images')
      .selectAll()
      .where('set_id', '=', setId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toImage);
  }
}

function toImageRow(image: TrainingSetImage): TrainingSetImagesTable {
  return {
    id: image.id,
    set_id: image.setId,
    blob_key: image.blobKey,
    file_name: image.fileName,
    width: image.width,
    height: image.height,
    sha256: image.sha256,
    difference_hash: image.differenceHash,
    caption: image.caption,
    created_at: image.createdAt,
  };
}

function toImage(row: Selectable<TrainingSetImagesTable>): TrainingSetImage {
  return {
    id: row.id,
    setId: row.set_id,
    blobKey: row.blob_key,
    fileName: row.file_name,
    width: Number(row.width),
    height: Number(row.height),
    sha256: row.sha256,
    differenceHash: row.difference_hash,
    caption: row.caption,
    createdAt: row.created_at,
  };
}

function toSet(row: Selectable<TrainingSetsTable>, images: TrainingSetImage[]): TrainingSet {
  return {
    id: row.id,
    brandId: row.brand_id,
    name: row.name,
    triggerWord: row.trigger_word,
    kind: row.kind as TrainingKind,
    images,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
