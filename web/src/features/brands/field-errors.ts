import { BrandgenApiError } from '@brandgen/client';
import { describeError } from '../../api/api-error.ts';
import type { DraftProblem, KitDraft } from './kit-draft.ts';

/** The messages to show beside one field; `under` also takes those of the fields inside it (a LoRA's path and scale). */
export type ErrorsFor = (field: string, options?: { under?: boolean }) => string[];

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function serverFields(error: unknown): { field: string; message: string }[] {
  return error instanceof BrandgenApiError ? error.fields : [];
}

const matches = (field: string, wanted: string, under: boolean) => field === wanted || (under && field.startsWith(`${wanted}.`));

/**
 * The server's 400 `fields` and the draft's own problems, by field. The draft's problems show once their field was
 * left or a save was tried, so a colour half typed is not called wrong yet.
 */
export function fieldErrorLookup(serverError: unknown, problems: DraftProblem[], shown: (field: string) => boolean): ErrorsFor {
  const fromServer = serverFields(serverError);
  return (wanted, { under = false } = {}) => {
    const own = problems
      .filter((problem) => shown(problem.field) && matches(problem.field, wanted, under))
      .map((problem) => problem.message);
    const server = fromServer.filter((entry) => matches(entry.field, wanted, under)).map((entry) => sentence(entry.message));
    return [...new Set([...own, ...server])];
  };
}

const TEXT_FIELDS = new Set(['name', 'palette', 'style_suffix', 'negative_prompt', 'lora.trigger_word', 'dos', 'donts']);
const ASSET_TYPE_FIELDS = new Set(['label', 'prompt_template', 'size', 'aspect_ratio', 'negative_prompt']);

/** Whether the editor shows this server field beside a control of the draft. */
function isPlaced(field: string, draft: KitDraft): boolean {
  if (TEXT_FIELDS.has(field) || /^(palette|dos|donts)\.\d+$/.test(field)) return true;
  const [top, second, third, fourth] = field.split('.');
  const hasFamily = (rows: KitDraft['loras'], family: string | undefined) => rows.some((row) => row.family.trim() === family);
  if (top === 'lora' && second === 'by_family') return hasFamily(draft.loras, third);
  if (top !== 'asset_types' || !second || !(second in draft.asset_types)) return false;
  const settings = draft.asset_types[second as keyof KitDraft['asset_types']];
  if (third === 'lora_by_family') return hasFamily(settings.loras, fourth);
  return third !== undefined && ASSET_TYPE_FIELDS.has(third);
}

/** What a failed save says that no field shows: a refusal, or a problem with a field the editor has no control for. */
export function unplacedMessage(error: unknown, draft: KitDraft): string | null {
  if (!error) return null;
  const fields = serverFields(error);
  if (fields.length === 0) return describeError(error);
  const rest = fields.filter((entry) => !isPlaced(entry.field, draft));
  if (rest.length === 0) return 'The brand was not saved: see the messages beside the fields.';
  return rest.map((entry) => sentence(entry.message)).join(' ');
}
