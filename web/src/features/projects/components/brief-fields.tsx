import type { Brief } from '@brandgen/client';
import { fieldMessages } from '../../../api/api-error.ts';
import { FormField } from '../../../ui/form-field.tsx';

/** The brief as the form holds it: every list as the text the user typed, split on commas when sent. */
export interface BriefDraft {
  name: string;
  brand_name: string;
  industry: string;
  audience: string;
  tone: string;
  style_words: string;
  colours: string;
  dos: string;
  donts: string;
}

const listFields = ['tone', 'style_words', 'colours', 'dos', 'donts'] as const;

const split = (text: string) =>
  text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

export const emptyDraft: BriefDraft = {
  name: '',
  brand_name: '',
  industry: '',
  audience: '',
  tone: '',
  style_words: '',
  colours: '',
  dos: '',
  donts: '',
};

export function draftOf(name: string, brief: Brief): BriefDraft {
  const lists = Object.fromEntries(listFields.map((key) => [key, brief[key].join(', ')])) as Pick<BriefDraft, (typeof listFields)[number]>;
  return { name, brand_name: brief.brand_name, industry: brief.industry, audience: brief.audience, ...lists };
}

export function briefOf(draft: BriefDraft): { name: string; brief: Brief } {
  const { name, brand_name, industry, audience } = draft;
  return {
    name,
    brief: {
      brand_name,
      industry,
      audience,
      ...(Object.fromEntries(listFields.map((key) => [key, split(draft[key])])) as Pick<Brief, (typeof listFields)[number]>),
    },
  };
}

const labels: Array<[keyof BriefDraft, string, string | undefined, string]> = [
  ['name', 'Project name', undefined, 'name'],
  ['brand_name', 'Brand name', undefined, 'brief.brand_name'],
  ['industry', 'Industry', 'What the brand does, e.g. specialty coffee roaster.', 'brief.industry'],
  ['audience', 'Audience', 'e.g. commuters.', 'brief.audience'],
  ['tone', 'Tone', 'Words separated by commas, e.g. calm, confident.', 'brief.tone'],
  ['style_words', 'Style words', 'e.g. flat, geometric.', 'brief.style_words'],
  ['colours', 'Colours', 'e.g. navy, sand.', 'brief.colours'],
  ['dos', 'Dos', 'e.g. use waves.', 'brief.dos'],
  ['donts', "Don'ts", 'e.g. no people, clip art.', 'brief.donts'],
];

/** The project's name and brief as labelled fields, each with its hint and the server's words about it. */
export function BriefFields({ draft, onChange, error }: { draft: BriefDraft; onChange: (draft: BriefDraft) => void; error: unknown }) {
  return (
    <div className="brief-fields">
      {labels.map(([key, label, hint, field]) => (
        <FormField key={key} label={label} hint={hint} errors={fieldMessages(error, field)}>
          {(control) => (
            <input
              {...control}
              value={draft[key]}
              maxLength={300}
              onChange={(event) => onChange({ ...draft, [key]: event.target.value })}
            />
          )}
        </FormField>
      ))}
    </div>
  );
}
