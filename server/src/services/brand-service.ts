import type { BrandRepository } from '../db/brand-repository.ts';
import { loraReferencesOf, type BrandKit } from '../domain/brand-kit.ts';
import { checkBrandKit, type Brand, type BrandRef, type BrandVersion, type ResolvedBrand, type VersionSource } from '../domain/brand.ts';
import type { Clock } from './clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors.ts';

/** Who asks for a change: only administrators edit brands. */
export interface BrandActor {
  userId: string;
  isAdmin: boolean;
}

export interface BrandServiceOptions {
  brands: BrandRepository;
  clock: Clock;
  /** The ids in a brand's LoRA library, which its kit may point at; no check without it. */
  loraIds?: (brandId: string) => Promise<ReadonlySet<string>>;
}

/** How a brand file's import writes a kit: under an id chosen beforehand, with LoRAs it adds right after. */
export interface KitWriteOptions {
  id?: string;
  /** LoRA ids the kit may point at that the library gets once the kit is written (see BrandFileService). */
  comingLoraIds?: ReadonlySet<string>;
}

/** Versions are immutable, so a job's version is read once per process and kept. */
const VERSION_CACHE_LIMIT = 200;

/** The use cases of brand kits: read by everyone with access, changed by administrators, every change a new version. */
export class BrandService {
  private readonly brands: BrandRepository;
  private readonly clock: Clock;
  private readonly loraIds: BrandServiceOptions['loraIds'];
  private readonly versionCache = new Map<string, BrandVersion>();

  constructor(options: BrandServiceOptions) {
    this.brands = options.brands;
    this.clock = options.clock;
    this.loraIds = options.loraIds;
  }

  list(includeArchived = false): Promise<Brand[]> {
    return this.brands.list({ includeArchived });
  }

  async get(id: string): Promise<Brand> {
    const brand = await this.brands.findById(id);
    if (!brand) throw new NotFoundError('There is no brand with this id.');
    return brand;
  }

  async versions(id: string): Promise<BrandVersion[]> {
    await this.get(id);
    return this.brands.versions(id);
  }

  async create(actor: BrandActor, input: unknown, source: VersionSource = 'create', options: KitWriteOptions = {}): Promise<Brand> {
    requireAdmin(actor);
    const kit = validKit(input);
    await this.checkLoras(undefined, kit, options.comingLoraIds);
    await this.checkNameFree(kit.name, undefined);
    const now = this.clock.now();
    const id = options.id ?? this.clock.newId();
    await this.brands.insert({ id, createdAt: now }, this.newVersion(id, 1, kit, source, actor.userId, null));
    return this.get(id);
  }

  /** Replaces the kit: a new version, the old ones kept as they were. */
  async update(
    actor: BrandActor,
    id: string,
    input: unknown,
    source: VersionSource = 'edit',
    options: KitWriteOptions = {},
  ): Promise<Brand> {
    requireAdmin(actor);
    const kit = validKit(input);
    const brand = await this.get(id);
    if (brand.archivedAt !== null) throw new ConflictError('This brand is archived and can no longer change.', 'brand_archived');
    await this.checkLoras(id, kit, options.comingLoraIds);
    await this.checkNameFree(kit.name, id);
    await this.addVersion(brand, kit, source, actor.userId, null);
    return this.get(id);
  }

  /** A new version with version `n`'s kit; history is never rewritten. */
  async restore(actor: BrandActor, id: string, n: number): Promise<Brand> {
    requireAdmin(actor);
    const brand = await this.get(id);
    const old = await this.brands.version(id, n);
    if (!old) throw new NotFoundError(`This brand has no version ${n}.`);
    if (brand.archivedAt !== null) throw new ConflictError('This brand is archived and can no longer change.', 'brand_archived');
    await this.checkNameFree(old.kit.name, id);
    await this.addVersion(brand, old.kit, 'restore', actor.userId, n);
    return this.get(id);
  }

  /** Each LoRA a kit points at must be in the brand's library (a new brand's is empty until it exists). */
  private async checkLoras(brandId: string | undefined, kit: BrandKit, coming: ReadonlySet<string> = new Set()): Promise<void> {
    const references = loraReferencesOf(kit).filter((reference) => !coming.has(reference.loraId));
    if (references.length === 0 || !this.loraIds) return;
    const known = brandId === undefined ? new Set<string>() : await this.loraIds(brandId);
    const problems = references
      .filter((reference) => !known.has(reference.loraId))
      .map((reference) => ({
        field: `${reference.field}.lora_id`,
        message:
          `There is no LoRA with id ${reference.loraId} in this brand's library. ` +
          'Add it to the library first (GET /api/brands/{id}/loras lists it), then pick it here.',
      }));
    if (problems.length > 0) throw new ValidationError(problems, 'The brand kit needs attention.');
  }

  /**
   * Deleting is refused while this month's jobs or any project use the brand; a brand older jobs were made with is
   * archived (its versions stay for those jobs), and one no job used is removed.
   */
  async delete(actor: BrandActor, id: string): Promise<'deleted' | 'archived'> {
    requireAdmin(actor);
    const brand = await this.get(id);
    if (brand.isDefault) throw new ConflictError('The default brand cannot be deleted.', 'brand_is_default');
    const monthStart = `${this.clock.now().slice(0, 7)}-01T00:00:00.000Z`;
    const usage = await this.brands.usage(id, monthStart);
    if (usage.recentJobs > 0 || usage.projects > 0) {
      const uses = [
        usage.recentJobs > 0 && `${usage.recentJobs} job${usage.recentJobs === 1 ? '' : 's'} made this month`,
        usage.projects > 0 && `${usage.projects} project${usage.projects === 1 ? '' : 's'}`,
      ].filter(Boolean);
      throw new ConflictError(
        `"${brand.current.kit.name}" is still used by ${uses.join(' and ')}. Move the projects to another brand and try again next month.`,
        'brand_in_use',
      );
    }
    if (usage.anyJobs) {
      await this.brands.archive(id, this.clock.now());
      return 'archived';
    }
    await this.brands.delete(id);
    return 'deleted';
  }

  /** The brand version a new job is made with: the named brand's newest, or the default brand's. */
  async forNewJob(brandId: string | undefined): Promise<ResolvedBrand> {
    const brand = brandId === undefined ? await this.brands.findDefault() : await this.brands.findById(brandId);
    if (!brand) throw new ValidationError([{ field: 'brand_id', message: 'There is no brand with this id. See GET /api/brands.' }]);
    if (brand.archivedAt !== null) {
      throw new ValidationError([
        { field: 'brand_id', message: `The brand "${brand.current.kit.name}" is archived; choose another brand.` },
      ]);
    }
    return { ref: { id: brand.id, version: brand.current.version }, kit: brand.current.kit };
  }

  /** The exact version an earlier job was made with, for "more" and re-runs. */
  async forJob(ref: BrandRef): Promise<ResolvedBrand> {
    const key = `${ref.id}:${ref.version}`;
    let version = this.versionCache.get(key);
    if (!version) {
      version = await this.brands.version(ref.id, ref.version);
      if (!version) throw new NotFoundError('The brand version this job was made with no longer exists.');
      if (this.versionCache.size >= VERSION_CACHE_LIMIT) this.versionCache.clear();
      this.versionCache.set(key, version);
    }
    return { ref, kit: version.kit };
  }

  /** Checks a brand id a request names (a project's brand) without making anything. */
  async checkUsable(brandId: string): Promise<void> {
    await this.forNewJob(brandId);
  }

  /**
   * A `brand.json` in the data folder, from before brands lived in the database: its fields over the default
   * brand's kit become a new version, once. Answers whether it was imported now (false: it was already).
   */
  async adoptDataFolderFile(fields: Record<string, unknown>, fileName: string): Promise<boolean> {
    const brand = await this.brands.findDefault();
    if (!brand) throw new Error('The default brand is missing; the database migration did not run.');
    if (await this.brands.hasVersionFrom(brand.id, 'data_folder')) return false;
    const checked = checkBrandKit({ ...brand.current.kit, ...fields });
    if ('problems' in checked) {
      throw new ValidationError(checked.problems, `The brand kit in ${fileName} is invalid.`);
    }
    try {
      await this.addVersion(brand, checked.kit, 'data_folder', 'brandgen', null);
    } catch (error) {
      // Another process starting at the same time imported it first.
      if (await this.brands.hasVersionFrom(brand.id, 'data_folder')) return false;
      throw error;
    }
    return true;
  }

  /** The default brand's current kit (for what the catalog shows about asset types). */
  async defaultKit(): Promise<BrandKit> {
    return (await this.forNewJob(undefined)).kit;
  }

  private async addVersion(brand: Brand, kit: BrandKit, source: VersionSource, userId: string, restoredFrom: number | null) {
    const version = this.newVersion(brand.id, brand.current.version + 1, kit, source, userId, restoredFrom);
    try {
      await this.brands.addVersion(version);
    } catch (error) {
      const newest = await this.brands.findById(brand.id);
      if (newest && newest.current.version >= version.version) {
        throw new ConflictError(
          'Someone else changed this brand at the same moment. Reload it and make the change again.',
          'brand_changed',
        );
      }
      throw error;
    }
  }

  private newVersion(
    brandId: string,
    version: number,
    kit: BrandKit,
    source: VersionSource,
    userId: string,
    restoredFrom: number | null,
  ): BrandVersion {
    return { brandId, version, kit, source, restoredFrom, createdBy: userId, createdAt: this.clock.now() };
  }

  private async checkNameFree(name: string, exceptId: string | undefined): Promise<void> {
    const wanted = name.trim().toLowerCase();
    const clash = (await this.brands.list({ includeArchived: false })).find(
      (brand) => brand.id !== exceptId && brand.current.kit.name.trim().toLowerCase() === wanted,
    );
    if (clash) {
      throw new ValidationError([
        { field: 'name', message: `A brand called "${clash.current.kit.name}" already exists; choose another name.` },
      ]);
    }
  }
}

export function requireAdmin(actor: BrandActor, message = 'Only an administrator can change brands.'): void {
  if (!actor.isAdmin) throw new ForbiddenError(message, 'forbidden');
}

export function validKit(input: unknown): BrandKit {
  const checked = checkBrandKit(input);
  if ('problems' in checked) throw new ValidationError(checked.problems, 'The brand kit needs attention.');
  return checked.kit;
}
