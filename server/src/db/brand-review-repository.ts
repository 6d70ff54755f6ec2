import type { Selectable } from 'kysely';
import type { BrandReview, BrandRuleResult } from '../domain/brand-review.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { BrandReviewsTable } from './schema.ts';

/** The last brand review of each library image. */
export class BrandReviewRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  /** Keeps this review in place of the image's earlier one. */
  async save(review: BrandReview): Promise<void> {
    const row = {
      image_id: review.imageId,
      brand_id: review.brand.id,
      brand_version: review.brand.version,
      model: review.model,
      rules: JSON.stringify(review.rules),
      reviewed_by: review.reviewedBy,
      reviewed_at: review.reviewedAt,
    };
    const { image_id: _key, ...changes } = row;
    await this.database
      .insertInto('brand_reviews')
      .values(row)
      .onConflict((conflict) => conflict.column('image_id').doUpdateSet(changes))
      .execute();
  }

  async find(imageId: string): Promise<BrandReview | undefined> {
    const row = await this.database.selectFrom('brand_reviews').selectAll().where('image_id', '=', imageId).executeTakeFirst();
    return row && toReview(row);
  }
}

function toReview(row: Selectable<BrandReviewsTable>): BrandReview {
  return {
    imageId: row.image_id,
    brand: { id: row.brand_id, version: Number(row.brand_version) },
    model: row.model,
    rules: JSON.parse(row.rules) as BrandRuleResult[],
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
  };
}
