import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { type AssetType } from '../../domain/brand-kit.ts';
import { addPngText } from '../../images/png-text.ts';
import { createDemoImageModel } from './demo-image-model.ts';
import { sceneOf } from './demo-scene.ts';
import { iconIndex } from './icon-index.ts';
import { compositionSvg, renderComposition } from './render-composition.ts';
import { matchSubjects } from './subject-match.ts';

const palette = ['#1F3A5F', '#3E7CB1', '#F2A541', '#F4E9D8', '#E4572E'];

/** The icons drawn in an SVG, in drawing order. */
function drawnIcons(svg: string): string[] {
  return [...svg.matchAll(/data-icon="([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** The centre of each drawn icon, read back from the translate and scale the glyph was placed with (24-unit grid). */
function iconCentres(svg: string): Array<{ x: number; y: number }> {
  return [...svg.matchAll(/transform="translate\(([\d.-]+) ([\d.-]+)\) scale\(([\d.]+)\)"[^>]*data-icon=/g)].map((match) => {
    const scale = Number(match[3]);
    return { x: Number(match[1]) + 12 * scale, y: Number(match[2]) + 12 * scale };
  });
}

function request(description: string, assetType: AssetType | undefined, seed = 3) {
  const [width, height] = assetType === 'hero_image' ? [1344, 768] : [1024, 1024];
  return { prompt: description, description, assetType, brandName: 'Brandgen Studio', seed, palette, width, height };
}

describe('demo subjects: which icon a description names', () => {
  for (const [description, word] of [
    ['a red bicycle', 'bicycle'],
    ['paper plane', 'paper plane'],
    ['coffee cup', 'cup'],
    ['lighthouse', 'lighthouse'],
    ['kite', 'kite'],
  ] as const) {
    it(`"${description}" picks an icon whose name or tags contain "${word}"`, async () => {
      const index = await iconIndex();
      const [subject, ...rest] = matchSubjects(description, index);
      assert.ok(subject, `no icon for "${description}"`);
      assert.deepEqual(rest, []);
      const icon = index.icons.find((entry) => entry.name === subject.icon);
      const words = [icon?.name ?? '', ...(icon?.tags ?? [])].map((text) => text.replaceAll('-', ' '));
      assert.ok(
        words.some((text) => text.includes(word)),
        `${subject.icon} (${words.join(', ')}) does not mention ${word}`,
      );
    });
  }

  it('reads plurals and a few synonyms, and names two subjects when the description joins two', async () => {
    const index = await iconIndex();
    const icons = (description: string) => matchSubjects(description, index).map((subject) => subject.icon);
    assert.deepEqual(icons('three bicycles'), ['bike']);
    assert.deepEqual(icons('two puppies'), ['dog']);
    assert.deepEqual(icons('a cup and a croissant'), ['cup', 'bread']);
    // One thing in a setting is one subject; the setting is drawn only when the thing has no icon.
    assert.deepEqual(icons('a ceramic coffee cup on a linen tablecloth'), ['cup']);
    assert.deepEqual(icons('a zorblax on a beach'), ['beach']);
  });

  it('ignores design words, colours and numbers, and finds nothing in words no icon carries', async () => {
    const index = await iconIndex();
    assert.deepEqual(matchSubjects('flat vector illustration, minimal, red and blue, 3 of 4', index), []);
    assert.deepEqual(matchSubjects('zorblax quintessa', index), []);
  });
});

describe('demo subjects: what is drawn', () => {
  it('keeps the subject across seeds while placement and colours move; the same seed gives the same bytes', async () => {
    for (const assetType of ['product_illustration', 'icon', 'hero_image', 'logo_concept'] as const) {
      const first = await renderComposition(request('a red bicycle', assetType, 10));
      assert.deepEqual(await renderComposition(request('a red bicycle', assetType, 10)), first, assetType);
      const svgs = await Promise.all([10, 11, 12].map((seed) => compositionSvg(request('a red bicycle', assetType, seed))));
      for (const svg of svgs) assert.deepEqual(drawnIcons(svg), ['bike'], assetType);
      assert.equal(new Set(svgs).size, 3, `${assetType}: every seed should draw differently`);
    }
    const [one, two] = await Promise.all([
      compositionSvg(request('a cup and a croissant', undefined, 1)),
      compositionSvg(request('a cup and a croissant', undefined, 2)),
    ]);
    assert.deepEqual(drawnIcons(one), ['cup', 'bread']);
    assert.deepEqual(drawnIcons(two), ['cup', 'bread']);
  });

  it('keeps the abstract composition when nothing matches', async () => {
    const svg = await compositionSvg(request('zorblax quintessa', 'product_illustration'));
    assert.deepEqual(drawnIcons(svg), []);
    const withoutSubjects = await compositionSvg({ ...request('zorblax quintessa', undefined), description: undefined });
    assert.equal(svg, withoutSubjects);
  });

  it('draws a product illustration with the subject in the middle over the composition', async () => {
    const svg = await compositionSvg(request('a lighthouse', 'product_illustration'));
    const [centre] = iconCentres(svg);
    assert.ok(centre && Math.abs(centre.x - 512) < 0.08 * 1024 && Math.abs(centre.y - 512) < 0.08 * 1024, JSON.stringify(centre));
    assert.doesNotMatch(svg, /plain-field/);
  });

  it('draws an icon as one bold glyph on a plain field', async () => {
    const svg = await compositionSvg(request('a lighthouse', 'icon'));
    assert.deepEqual(drawnIcons(svg), ['building-lighthouse']);
    assert.match(svg, /data-region="plain-field"/);
    // Nothing but the field, the glyph and the demo label: no shapes of a composition.
    assert.doesNotMatch(svg, /<circle|clipPath/);
    const { data, info } = await sharp(await renderComposition(request('a lighthouse', 'icon')))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3).join(',');
    const field = at(4, 4);
    for (const [x, y] of [
      [1019, 4],
      [4, 1019],
      [512, 20],
      [20, 512],
      [1000, 512],
    ])
      assert.equal(at(x!, y!), field, `pixel ${x},${y}`);
    // A description without an icon still gets one abstract glyph, chosen by the description.
    assert.equal(drawnIcons(await compositionSvg(request('zorblax quintessa', 'icon'))).length, 1);
  });

  it('draws a hero image wide, with the left side clear for a headline', async () => {
    const svg = await compositionSvg(request('a lighthouse', 'hero_image'));
    const [centre] = iconCentres(svg);
    assert.ok(centre && centre.x > 1344 * 0.55, JSON.stringify(centre));
    const png = await renderComposition(request('a lighthouse', 'hero_image'));
    assert.deepEqual([(await sharp(png).metadata()).width, (await sharp(png).metadata()).height], [1344, 768]);
    // The left 40 % is only the background gradient: neighbouring pixels never jump as they do at a shape's edge.
    const { data, info } = await sharp(png)
      .extract({ left: 0, top: 0, width: Math.floor(1344 * 0.4), height: 768 })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let largestStep = 0;
    for (let y = 0; y < info.height; y += 4) {
      for (let x = 1; x < info.width; x += 1) {
        const here = (y * info.width + x) * 3;
        const step =
          Math.abs(data[here]! - data[here - 3]!) +
          Math.abs(data[here + 1]! - data[here - 2]!) +
          Math.abs(data[here + 2]! - data[here - 1]!);
        largestStep = Math.max(largestStep, step);
      }
    }
    assert.ok(largestStep <= 6, `the headline space has an edge (step ${largestStep})`);
  });

  it('draws a logo concept as a mark with the brand name set in type', async () => {
    const svg = await compositionSvg(request('a lighthouse', 'logo_concept'));
    assert.deepEqual(drawnIcons(svg), ['building-lighthouse']);
    assert.match(svg, /<text[^>]*data-region="brand-name"[^>]*>Brandgen Studio<\/text>/);
    assert.match(svg, /data-region="plain-field"/);
    // Without an icon, the mark is the brand's initial.
    assert.match(await compositionSvg(request('zorblax quintessa', 'logo_concept')), /data-subject="monogram"[^]*>B<\/text>/);
  });
});

describe('demo subjects: edits', () => {
  const model = createDemoImageModel({ palette, brandName: 'Brandgen Studio', latencyMs: 0 });
  const options = (prompt: string, seed: number, extra: object = {}) => ({
    prompt,
    n: 1,
    size: undefined,
    aspectRatio: undefined,
    seed,
    files: undefined,
    mask: undefined,
    providerOptions: {},
    ...extra,
  });

  async function pixelsOf(png: Uint8Array, region: { left: number; top: number; width: number; height: number }): Promise<Buffer> {
    return sharp(png).extract(region).removeAlpha().raw().toBuffer();
  }

  function changedShare(a: Buffer, b: Buffer): number {
    let changed = 0;
    for (let index = 0; index < a.length; index += 3) {
      if (Math.abs(a[index]! - b[index]!) + Math.abs(a[index + 1]! - b[index + 1]!) + Math.abs(a[index + 2]! - b[index + 2]!) > 30)
        changed += 1;
    }
    return changed / (a.length / 3);
  }

  it('applies the change to the subject of a demo picture and keeps the rest, labelled "DEMO EDIT"', async () => {
    const providerOptions = { 'brandgen-demo': { description: 'a lighthouse', assetType: 'icon' } };
    const [source] = (await model.doGenerate(options('a lighthouse', 8, { providerOptions }))).images as Uint8Array[];
    const file = { type: 'file' as const, data: source!, mediaType: 'image/png' };
    const [edited] = (await model.doGenerate(options('make it red', 2, { files: [file] }))).images as Uint8Array[];
    const middle = { left: 312, top: 312, width: 400, height: 400 };
    const corner = { left: 0, top: 900, width: 120, height: 124 };
    assert.ok(changedShare(await pixelsOf(source!, middle), await pixelsOf(edited!, middle)) > 0.05, 'the subject should change');
    assert.equal(changedShare(await pixelsOf(source!, corner), await pixelsOf(edited!, corner)), 0, 'the field should stay');
    assert.match(
      await compositionSvg({
        ...request('a lighthouse', 'icon', 8),
        edit: { target: 'subject', change: { colour: '#D7263D', shift: 0, turnDegrees: 8, scale: 1 } },
      }),
      /stroke="#D7263D"[^]*data-edit="subject"/,
    );
    const band = await pixelsOf(edited!, { left: 0, top: 0, width: 10, height: 20 });
    assert.ok(
      band.every((value) => value < 60),
      'the dark label band is drawn',
    );
  });

  it('edits an image without a demo scene the old way, tinting the whole picture', async () => {
    const [source] = (await model.doGenerate(options('a lighthouse', 8))).images as Uint8Array[];
    // Re-encoded by sharp, the picture loses its text chunks and so its scene.
    const plain = new Uint8Array(await sharp(source!).png().toBuffer());
    assert.equal(sceneOf(plain), null);
    const [edited] = (await model.doGenerate(options('make it red', 2, { files: [{ type: 'file', data: plain, mediaType: 'image/png' }] })))
      .images as Uint8Array[];
    const whole = { left: 0, top: 80, width: 1024, height: 944 };
    assert.ok(changedShare(await pixelsOf(plain, whole), await pixelsOf(edited!, whole)) > 0.3);
  });

  it('refuses a scene chunk with colours that are not #RRGGBB', async () => {
    const png = await renderComposition(request('a lighthouse', 'icon'));
    const scene = { description: 'x', assetType: 'icon', seed: 1, palette: ['red"/><script>'], brandName: '' };
    const plain = new Uint8Array(await sharp(png).png().toBuffer());
    assert.equal(sceneOf(addPngText(plain, { 'brandgen-demo-scene': JSON.stringify(scene) })), null);
    assert.equal(sceneOf(addPngText(plain, { 'brandgen-demo-scene': '{not json' })), null);
  });
});
