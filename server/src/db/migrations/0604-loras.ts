import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';

/**
 * LoRAs become records of a brand's library, and kits point at them by id instead of holding paths. Every stored
 * version is rewritten in place rather than followed by a new version: the rewrite loses nothing (each path becomes a
 * record holding exactly that path), jobs keep naming the version they were made with, and a version left with paths
 * would be a kit the code no longer reads. An http(s) path becomes a URL LoRA; anything else was a file name in
 * ComfyUI's models/loras folder and becomes a ComfyUI-file LoRA.
 */
export async function up(database: Kysely<any>): Promise<void> {
  await database.schema
    .createTable('loras')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('brand_id', 'text', (column) => column.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('family', 'text', (column) => column.notNull())
    .addColumn('trigger_word', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('default_scale', 'real', (column) => column.notNull())
    .addColumn('source_kind', 'text', (column) => column.notNull())
    .addColumn('blob_key', 'text')
    .addColumn('sha256', 'text')
    .addColumn('byte_size', 'bigint')
    .addColumn('url', 'text')
    .addColumn('air', 'text')
    .addColumn('file_name', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();
  await database.schema.createIndex('loras_brand_id_name').on('loras').columns(['brand_id', 'name']).execute();
  const versions = await database
    .selectFrom('brand_versions')
    .select(['brand_id', 'version', 'kit', 'created_at'])
    .orderBy('brand_id')
    .orderBy('version')
    .execute();
  const records = new Map<string, string>();
  for (const row of versions as VersionRow[]) {
    const kit = JSON.parse(row.kit) as OldKit;
    const pending: Record<string, unknown>[] = [];
    const toRecord = (family: string, reference: OldReference): OldReference => {
      if (typeof reference.lora_id === 'string') return { lora_id: reference.lora_id, scale: reference.scale ?? 1 };
      const path = String(reference.path ?? '');
      const key = `${row.brand_id}\n${family}\n${path}`;
      let id = records.get(key);
      if (!id) {
        id = uuidv7();
        records.set(key, id);
        pending.push(recordFor({ id, brandId: row.brand_id, family, path, scale: reference.scale ?? 1, kit, createdAt: row.created_at }));
      }
      return { lora_id: id, scale: reference.scale ?? 1 };
    };
    mapReferences(kit, toRecord);
    if (pending.length > 0) await database.insertInto('loras').values(pending).execute();
    await saveKit(database, row, kit);
  }
}

export async function down(database: Kysely<any>): Promise<void> {
  const loras = (await database.selectFrom('loras').select(['id', 'url', 'file_name']).execute()) as OldLoraRow[];
  const paths = new Map(loras.map((lora) => [lora.id, lora.url ?? (lora.file_name ? `loras/${lora.file_name}` : lora.id)]));
  const versions = (await database.selectFrom('brand_versions').select(['brand_id', 'version', 'kit']).execute()) as VersionRow[];
  const back = (_family: string, reference: OldReference): OldReference => ({
    path: paths.get(String(reference.lora_id)) ?? String(reference.lora_id),
    scale: reference.scale ?? 1,
  });
  for (const row of versions) {
    const kit = JSON.parse(row.kit) as OldKit;
    mapReferences(kit, back);
    await saveKit(database, row, kit);
  }
  await database.schema.dropTable('loras').execute();
}

interface VersionRow {
  brand_id: string;
  version: number;
  kit: string;
  created_at: string;
}

interface OldLoraRow {
  id: string;
  url: string | null;
  file_name: string | null;
}

interface OldReference {
  path?: unknown;
  lora_id?: unknown;
  scale?: number;
}

interface OldKit {
  lora?: { trigger_word?: string; by_family?: Record<string, OldReference> };
  asset_types?: Record<string, { lora_by_family?: Record<string, OldReference> }>;
}

/** Replaces every LoRA reference of a kit, the brand's and each asset type's. */
function mapReferences(kit: OldKit, map: (family: string, reference: OldReference) => OldReference): void {
  if (kit.lora?.by_family) kit.lora.by_family = mapFamilies(kit.lora.by_family, map);
  for (const settings of Object.values(kit.asset_types ?? {})) {
    if (settings.lora_by_family) settings.lora_by_family = mapFamilies(settings.lora_by_family, map);
  }
}

async function saveKit(database: Kysely<any>, row: Pick<VersionRow, 'brand_id' | 'version'>, kit: OldKit): Promise<void> {
  await database
    .updateTable('brand_versions')
    .set({ kit: JSON.stringify(kit) })
    .where('brand_id', '=', row.brand_id)
    .where('version', '=', row.version)
    .execute();
}

function mapFamilies<T>(byFamily: Record<string, OldReference>, map: (family: string, reference: OldReference) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(byFamily).map(([family, reference]) => [family, map(family, reference)]));
}

function recordFor(input: { id: string; brandId: string; family: string; path: string; scale: number; kit: OldKit; createdAt: string }) {
  const isUrl = /^https?:\/\//iu.test(input.path);
  // ComfyUI lists LoRAs relative to models/loras, and the ComfyUI adapter always dropped a leading `loras/`.
  const fileName = input.path.replace(/^loras\//u, '');
  const base = fileName.split('/').pop() ?? fileName;
  return {
    id: input.id,
    brand_id: input.brandId,
    name: (isUrl ? (base.split('?')[0] ?? base) : base).replace(/\.safetensors$/iu, '') || input.path,
    family: input.family,
    trigger_word: input.kit.lora?.trigger_word ?? '',
    default_scale: input.scale,
    source_kind: isUrl ? 'url' : 'comfyui_file',
    blob_key: null,
    sha256: null,
    byte_size: null,
    url: isUrl ? input.path : null,
    air: null,
    file_name: isUrl ? null : fileName,
    created_at: input.createdAt,
  };
}
