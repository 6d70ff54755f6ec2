import { brandKitSchema, type BrandKit } from './brand-kit.ts';

/**
 * The brand every installation starts with. Its id is the same everywhere, so copying one installation into another
 * (`brandgen migrate-to`) meets the target's own default brand instead of adding a second one.
 */
export const DEFAULT_BRAND_ID = '00000000-0000-4000-8000-000000000001';

/** How a version came to be, shown in the history. */
export const VERSION_SOURCES = ['shipped', 'data_folder', 'edit', 'restore', 'import', 'create', 'training'] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

export interface BrandVersion {
  brandId: string;
  version: number;
  kit: BrandKit;
  source: VersionSource;
  /** The version this one copies, for restores. */
  restoredFrom: number | null;
  createdBy: string;
  createdAt: string;
}

/** A brand with its newest version; older versions stay readable for the jobs made with them. */
export interface Brand {
  id: string;
  isDefault: boolean;
  createdAt: string;
  archivedAt: string | null;
  current: BrandVersion;
}

/** The brand version a job is made with. */
export interface BrandRef {
  id: string;
  version: number;
}

export interface BrandKitProblem {
  field: string;
  message: string;
}

/** Field names of the brand file in the words a person editing it uses. */
const fieldWords: Record<string, string> = {
  name: 'The brand name',
  palette: 'The palette',
  style_suffix: 'The style suffix',
  negative_prompt: 'The negative prompt',
  dos: 'The dos',
  donts: "The don'ts",
  lora: 'The LoRA settings',
  asset_types: 'The asset types',
};

/** Checks a whole kit; each problem names its field by path (`palette.2`) and says in plain words what is wrong. */
export function checkBrandKit(value: unknown): { kit: BrandKit } | { problems: BrandKitProblem[] } {
  const parsed = brandKitSchema.safeParse(value);
  if (parsed.success) return { kit: parsed.data };
  return {
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      const field = path.join('.') || 'kit';
      const top = fieldWords[path[0] ?? ''] ?? 'The brand kit';
      const rest = path.slice(1).map((part) => (/^\d+$/.test(part) ? `entry ${Number(part) + 1}` : part));
      const where = rest.length > 0 ? `${top} (${rest.join(' → ')})` : top;
      return { field, message: `${where} ${plainMessage(issue)}` };
    }),
  };
}

interface Issue {
  code: string;
  message: string;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
}

function plainMessage(issue: Issue): string {
  const { code, message } = issue;
  if (code === 'invalid_type' && /received undefined/i.test(message)) return 'is missing.';
  if (code === 'invalid_type') return `has the wrong kind of value (${message.replace(/^Invalid input: /, '')}).`;
  if (code === 'too_small' && issue.origin === 'array') return `needs at least ${String(issue.minimum)} entries.`;
  if (code === 'too_small' && issue.origin === 'string') return 'must not be empty.';
  if (code === 'too_big' && issue.origin === 'array') return `takes at most ${String(issue.maximum)} entries.`;
  if (code === 'too_big' && issue.origin === 'string') return `${message}.`;
  if (code === 'too_small' || code === 'too_big') return `is out of range (${message}).`;
  return message.endsWith('.') ? message : `${message}.`;
}

/** A brand version ready to compose prompts with. */
export interface ResolvedBrand {
  ref: BrandRef;
  kit: BrandKit;
}
