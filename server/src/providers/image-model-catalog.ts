import type { ImageModelV4 } from '@ai-sdk/provider';

export interface CatalogEntry {
  id: string;
  label: string;
  provider: string;
  description: string;
  /** True for the offline demo model, which draws compositions and is not AI. */
  isDemo: boolean;
  model: ImageModelV4;
}

/** The image models this installation can use, in the order a person should see them; the first is the default. */
export class ImageModelCatalog {
  private readonly entries: CatalogEntry[];

  constructor(entries: CatalogEntry[]) {
    if (entries.length === 0) throw new Error('The model catalog needs at least one model.');
    this.entries = entries;
  }

  list(): readonly CatalogEntry[] {
    return this.entries;
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  get defaultEntry(): CatalogEntry {
    return this.entries[0]!;
  }
}
