/**
 * The brand editor's pure parts: a kit as typed and back, the problems it finds before the server (with the server's
 * own rules, so the two agree), the field-by-field diff of two versions, and where a 400's fields are shown.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BrandgenApiError, type BrandKit, type Lora } from '@brandgen/client';
import { brandKitSchema } from '../../server/src/domain/brand-kit.ts';
import { checkBrandKit } from '../../server/src/domain/brand.ts';
import { fieldErrorLookup, unplacedMessage } from '../src/features/brands/field-errors.ts';
import { kitChanges } from '../src/features/brands/kit-diff.ts';
import { draftOf, draftProblems, kitOf, type KitDraft } from '../src/features/brands/kit-draft.ts';
import { kitLoraNames, loraName } from '../src/features/brands/lora-names.ts';

const shippedKit: BrandKit = brandKitSchema.parse(
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../server/brand/brand.json'), 'utf8')),
);

function edited(change: (draft: KitDraft) => void): KitDraft {
  const draft = draftOf(shippedKit);
  change(draft);
  return draft;
}

const serverFields = (draft: KitDraft) => {
  const checked = checkBrandKit(kitOf(draft));
  return 'problems' in checked ? checked.problems.map((problem) => problem.field) : [];
};

describe('a kit as the editor holds it', () => {
  it('comes back unchanged from the draft it was turned into', () => {
    assert.deepEqual(kitOf(draftOf(shippedKit)), shippedKit);
    assert.deepEqual(draftProblems(draftOf(shippedKit)), []);
  });

  it('names the problems the server would, at the same fields, before asking it', () => {
    const draft = edited((kit) => {
      kit.palette[1] = '#12';
      kit.asset_types.icon.prompt_template = 'an app icon';
      kit.asset_types.hero_image.size = 'wide';
      kit.asset_types.logo_concept.aspect_ratio = '16/9';
    });
    const fields = draftProblems(draft).map((problem) => problem.field);
    const expected = [
      'palette.1',
      'asset_types.icon.prompt_template',
      'asset_types.hero_image.size',
      'asset_types.logo_concept.aspect_ratio',
    ];
    assert.deepEqual(fields, expected);
    assert.deepEqual(serverFields(draft), expected);
    assert.match(draftProblems(draft)[0]!.message, /^Colour 2 must be a colour like #1F3A5F/);
  });

  it('checks LoRA rows the kit cannot yet name: a family left empty or given twice, a strength out of range', () => {
    const draft = edited((kit) => {
      kit.loras = [
        { family: '', loraId: 'a', scale: '1' },
        { family: 'flux', loraId: 'b', scale: '3' },
        { family: 'flux', loraId: '', scale: 'x' },
      ];
    });
    assert.deepEqual(
      draftProblems(draft).map((problem) => [problem.field, problem.message]),
      [
        ['lora.by_family#1', 'LoRA 1: name its model family, such as flux.'],
        ['lora.by_family#2', 'LoRA 2: the strength must be a number from 0 to 2.'],
        ['lora.by_family#3', 'LoRA 3: flux already has a LoRA; a family takes one.'],
        ['lora.by_family#3', 'LoRA 3: pick a LoRA from the brand’s LoRA library.'],
        ['lora.by_family#3', 'LoRA 3: the strength must be a number from 0 to 2.'],
      ],
    );
  });
});

describe('the difference between two versions', () => {
  it('lists each changed colour by place, each changed text and LoRA, and nothing that only changed letter case', () => {
    const after = kitOf(
      edited((kit) => {
        kit.palette[0] = '#112233';
        kit.palette[3] = kit.palette[3]!.toLowerCase();
        kit.palette.push('#ABCDEF');
        kit.trigger_word = 'acme style';
        kit.loras = [{ family: 'sd35', loraId: '0190f1c4-0000-7000-8000-0000000000aa', scale: '0.75' }];
        kit.asset_types.icon.prompt_template = 'an icon of {description}';
      }),
    );
    const library = [{ id: '0190f1c4-0000-7000-8000-0000000000aa', name: 'Acme mascot' }] as Lora[];
    assert.deepEqual(kitChanges(shippedKit, after, library), [
      { kind: 'colour', field: 'Colour 1', before: '#1F3A5F', after: '#112233' },
      { kind: 'colour', field: 'Colour 6', before: null, after: '#ABCDEF' },
      { kind: 'text', field: 'LoRA trigger word', before: 'brndgn style', after: 'acme style' },
      { kind: 'text', field: 'LoRA (sd35)', before: '(none)', after: 'Acme mascot at strength 0.75' },
      {
        kind: 'text',
        field: 'Icon: template',
        before: 'simple app icon of {description}, bold silhouette, single subject, flat colours',
        after: 'an icon of {description}',
      },
    ]);
    assert.deepEqual(kitChanges(shippedKit, shippedKit), []);
    assert.equal(
      kitChanges(shippedKit, after).find((change) => change.field === 'LoRA (sd35)')?.after,
      'a removed LoRA (0190f1c4-0000-7000-8000-0000000000aa) at strength 0.75',
      'a LoRA gone from the library is still named by its id',
    );
  });
});

describe('where a refused save is explained', () => {
  const refusal = new BrandgenApiError({
    status: 400,
    code: 'validation_failed',
    message: 'The brand kit has problems.',
    fields: [
      { field: 'name', message: 'A brand called "X" already exists; choose another name.' },
      { field: 'lora.by_family.flux.scale', message: 'The LoRA settings (by_family → flux → scale) is out of range' },
      { field: 'brand_fit', message: 'An unknown field' },
    ],
  });

  it('shows each field’s message beside it, a LoRA’s under its family, and the rest above the save button', () => {
    const draft = { ...draftOf(shippedKit), loras: [{ family: 'flux', loraId: 'a', scale: '1' }] };
    const errorsFor = fieldErrorLookup(refusal, [], () => false);
    assert.deepEqual(errorsFor('name'), ['A brand called "X" already exists; choose another name.']);
    assert.deepEqual(errorsFor('lora.by_family.flux'), []);
    assert.deepEqual(errorsFor('lora.by_family.flux', { under: true }), ['The LoRA settings (by_family → flux → scale) is out of range.']);
    assert.equal(unplacedMessage(refusal, draft), 'An unknown field.');
  });

  it('keeps the editor’s own problems for a field until it is left or a save is tried', () => {
    const problems = [{ field: 'palette.0', message: 'Colour 1 is wrong.' }];
    assert.deepEqual(fieldErrorLookup(undefined, problems, () => false)('palette.0'), []);
    assert.deepEqual(fieldErrorLookup(undefined, problems, (field) => field === 'palette.0')('palette.0'), ['Colour 1 is wrong.']);
  });
});

describe('LoRA names', () => {
  it('are file names without folders, query or the .safetensors ending, each once', () => {
    assert.equal(loraName('https://huggingface.co/acme/style/resolve/main/acme-style.safetensors?download=true'), 'acme-style');
    assert.equal(loraName('loras\\studio.safetensors'), 'studio');
    assert.deepEqual(kitLoraNames(shippedKit), [], 'the shipped kit has no LoRA');
    const kit = {
      ...shippedKit,
      lora: { ...shippedKit.lora, by_family: { flux: { lora_id: 'a', scale: 1 }, sd35: { lora_id: 'gone', scale: 1 } } },
    };
    const library = [{ id: 'a', name: 'Acme flux' }] as unknown as Parameters<typeof kitLoraNames>[1];
    assert.deepEqual(kitLoraNames(kit, library), ['Acme flux', 'a LoRA no longer in the library']);
  });
});
