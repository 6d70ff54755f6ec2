import type { Selectable } from 'kysely';
import { loraSourceFields, type Lora, type LoraSource } from '../domain/lora.ts';
import type { DatabaseConnection, RepositoryOptions } from './database.ts';
import type { LorasTable } from './schema.ts';

/** The fields a person may change on a LoRA; its source stays what it was created with. */
export type LoraChanges = Partial<Pick<Lora, 'name' | 'family' | 'triggerWord' | 'defaultScale'>>;

/** Each brand's LoRA library. */
export class LoraRepository {
  private readonly database: DatabaseConnection;

  constructor(options: RepositoryOptions) {
    this.database = options.database;
  }

  async insert(lora: Lora): Promise<void> {
    await this.database.insertInto('loras').values(toRow(lora)).execute();
  }

  /** Oldest first, so a library reads in the order it was built. */
  async list(brandId: string): Promise<Lora[]> {
    const rows = await this.database
      .selectFrom('loras')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toLora);
  }

  async findById(id: string): Promise<Lora | undefined> {
    const row = await this.database.selectFrom('loras').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toLora(row);
  }

  async update(id: string, changes: LoraChanges): Promise<void> {
    await this.database
      .updateTable('loras')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.family !== undefined && { family: changes.family }),
        ...(changes.triggerWord !== undefined && { trigger_word: changes.triggerWord }),
        ...(changes.defaultScale !== undefined && { default_scale: changes.defaultScale }),
      })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.database.deleteFrom('loras').where('id', '=', id).execute();
  }
}

function toRow(lora: Lora): LorasTable {
  const fields = loraSourceFields(lora.source);
  return {
    id: lora.id,
    brand_id: lora.brandId,
    name: lora.name,
    family: lora.family,
    trigger_word: lora.triggerWord,
    default_scale: lora.defaultScale,
    source_kind: lora.source.kind,
    blob_key: fields.blobKey,
    sha256: fields.sha256,
    byte_size: fields.byteSize,
    url: fields.url,
    air: fields.air,
    file_name: fields.fileName,
    created_at: lora.createdAt,
  };
}

function sourceOf(row: Selectable<LorasTable>): LoraSource {
  switch (row.source_kind) {
    case 'url':
      return { kind: 'url', url: row.url ?? '' };
    case 'civitai':
      return { kind: 'civitai', air: row.air ?? '' };
    case 'comfyui_file':
      return { kind: 'comfyui_file', fileName: row.file_name ?? '' };
    default:
      return {
        kind: row.source_kind === 'trained' ? 'trained' : 'uploaded',
        blobKey: row.blob_key ?? '',
        sha256: row.sha256 ?? '',
        byteSize: Number(row.byte_size ?? 0),
        fileName: row.file_name ?? '',
      };
  }
}

function toLora(row: Selectable<LorasTable>): Lora {
  return {
    id: row.id,
    brandId: row.brand_id,
    name: row.name,
    family: row.family,
    triggerWord: row.trigger_word,
    defaultScale: Number(row.default_scale),
    source: sourceOf(row),
    createdAt: row.created_at,
  };
}
