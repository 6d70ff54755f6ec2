import type { LanguageModel } from 'ai';
import { z } from 'zod';
import type { BrandBrief } from '../../domain/brand-brief.ts';
import { expandBriefByTemplate } from '../../domain/brief-template.ts';

export interface ExpandedBrief {
  /** `llm` when a language model wrote the prompts, `template` for the built-in expansion without AI. */
  source: 'llm' | 'template';
  label: string;
  prompts: string[];
}

/** The project's inspiration image, for models that can look at it. */
export interface InspirationPicture {
  bytes: Uint8Array;
  mediaType: string;
}

export interface ExpandOptions {
  abortSignal?: AbortSignal;
  inspiration?: InspirationPicture;
}

/** Turns a brief into N distinct image prompts. */
export interface BriefExpander {
  /** Whether the expansion uses the inspiration image, so callers read it from storage only when it does. */
  readonly looksAtImages: boolean;
  expand(brief: BrandBrief, count: number, options?: ExpandOptions): Promise<ExpandedBrief>;
}

export class TemplateBriefExpander implements BriefExpander {
  readonly looksAtImages = false;

  async expand(brief: BrandBrief, count: number): Promise<ExpandedBrief> {
    return {
      source: 'template',
      label: 'Written by a fixed template (no language model is configured), not by AI.',
      prompts: expandBriefByTemplate(brief, count),
    };
  }
}

/** Asks a language model (any AI SDK text provider) for the prompts, as a structured output checked by a schema. */
export class LanguageModelBriefExpander implements BriefExpander {
  readonly looksAtImages: boolean;
  private readonly model: LanguageModel;
  private readonly modelLabel: string;

  constructor(options: { model: LanguageModel; modelLabel: string; looksAtImages: boolean }) {
    this.model = options.model;
    this.modelLabel = options.modelLabel;
    this.looksAtImages = options.looksAtImages;
  }

  async expand(brief: BrandBrief, count: number, { abortSignal, inspiration }: ExpandOptions = {}): Promise<ExpandedBrief> {
    const schema = z.object({
      prompts: z.array(z.string().min(1).max(500)).length(count).describe('Distinct image prompts, one per brand asset idea.'),
    });
    // Loaded on first use, so a server that never expands a brief does not hold the AI SDK.
    const { generateText, Output } = await import('ai');
    const { output } = await generateText({
      model: this.model,
      output: Output.object({ schema }),
      system:
        'You write prompts for an image model that makes brand assets. Each prompt describes one distinct asset ' +
        '(logo, banner, social post, pattern, icon…) in one sentence of at most 60 words, follows the brief, and never ' +
        'mentions anything the brief forbids.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: `Write ${count} distinct image prompts for this brand brief:\n${JSON.stringify(brief, null, 2)}` },
            ...(inspiration
              ? [
                  {
                    type: 'text' as const,
                    text: 'The attached inspiration image shows the look the brand wants: follow its mood, palette and style.',
                  },
                  { type: 'image' as const, image: inspiration.bytes, mediaType: inspiration.mediaType },
                ]
              : []),
          ],
        },
      ],
      // Twelve one-sentence prompts fit easily; a cap keeps a runaway answer from costing the model's maximum.
      maxOutputTokens: 4_000,
      maxRetries: 1,
      ...(abortSignal && { abortSignal }),
    });
    return { source: 'llm', label: `Written by ${this.modelLabel}.`, prompts: output.prompts.map((prompt) => prompt.trim()) };
  }
}
