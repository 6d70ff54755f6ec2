import type { Kysely } from 'kysely';

/**
 * Brand kits gain dos and don'ts. Stored versions stay what they were (versions are immutable), so each kit only gets
 * the two empty lists it would have read as anyway: code reading a kit can rely on both being there.
 */
export async function up(database: Kysely<any>): Promise<void> {
  const rows = (await database.selectFrom('brand_versions').select(['brand_id', 'version', 'kit']).execute()) as Array<{
    brand_id: string;
    version: number;
    kit: string;
  }>;
  for (const row of rows) {
    const kit = JSON.parse(row.kit) as Record<string, unknown>;
    if (Array.isArray(kit.dos) && Array.isArray(kit.donts)) continue;
    const filled = { ...kit, dos: Array.isArray(kit.dos) ? kit.dos : [], donts: Array.isArray(kit.donts) ? kit.donts : [] };
    await database
      .updateTable('brand_versions')
      .set({ kit: JSON.stringify(filled) })
      .where('brand_id', '=', row.brand_id)
      .where('version', '=', row.version)
      .execute();
  }
}

/** The lists are harmless to older code, which ignores fields it does not know. */
export async function down(): Promise<void> {}
