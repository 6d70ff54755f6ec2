import { unwrap, type Brand, type GenerateInput, type LibraryImage, type ModelCatalog } from '@brandgen/client';
import { h, replaceContent } from './dom.ts';
import { imageBytes, parseSize, placeImages, type Placement } from './place-images.ts';
import type { Session } from './session.ts';

export interface ViewContext {
  session: Session;
  /** Shows a failure in plain words (and the sign-in screen when the token stopped working). */
  fail: (error: unknown) => void;
  say: (message: string) => void;
}

/** What the server offers to generate with. */
export interface GenerateChoices {
  catalog: ModelCatalog;
  /** The brands, the default first; the choice is shown only when there is more than one. */
  brands: Brand[];
}

/** The brand select, or nothing when the studio has one brand (its jobs need no choice). */
function brandSelect(brands: Brand[]): HTMLSelectElement | undefined {
  if (brands.length < 2) return undefined;
  return h(
    'select',
    { id: 'brand', name: 'brand_id' },
    ...brands.map((brand) => h('option', { value: brand.id, selected: brand.is_default }, brand.name)),
  );
}

/** The generate form: prompt, brand, asset type, model with its licence, preset. */
export function generateForm(context: ViewContext, { catalog, brands }: GenerateChoices, results: HTMLElement): HTMLElement {
  const prompt = h('textarea', {
    id: 'prompt',
    name: 'prompt',
    rows: 3,
    required: true,
    placeholder: 'A friendly robot waving, flat illustration',
  });
  const assetType = h(
    'select',
    { id: 'asset-type', name: 'asset_type' },
    ...catalog.asset_types.map((type) => h('option', { value: type.id }, `${type.label} (${type.size})`)),
  );
  const models = catalog.models.filter((model) => !model.is_demo || catalog.demo_only);
  const model = h(
    'select',
    { id: 'model', name: 'model' },
    ...models.map((entry) => h('option', { value: entry.id, selected: entry.default }, entry.label)),
  );
  const preset = h(
    'select',
    { id: 'preset', name: 'preset' },
    ...catalog.presets.map((entry) => h('option', { value: entry.id, selected: entry.id === 'standard' }, entry.label)),
  );
  const brand = brandSelect(brands);
  const licence = h('p', { class: 'licence-line' });
  const showLicence = () => {
    const chosen = models.find((entry) => entry.id === model.value);
    if (!chosen) return replaceContent(licence);
    const restricted = chosen.licence.warning !== null;
    replaceContent(
      licence,
      h('span', { class: 'licence-badge', 'data-restricted': restricted }, restricted ? 'Restricted licence' : 'Licence'),
      ' ',
      chosen.licence.name,
    );
    licence.title = chosen.licence.warning ?? '';
  };
  model.addEventListener('change', showLicence);
  showLicence();
  // Figma's iframe may not allow form submission (sandbox without allow-forms), so the button does the work itself.
  const submit = h('button', { type: 'button', class: 'primary' }, 'Generate');
  const form = h(
    'form',
    { class: 'panel', 'aria-label': 'Generate images' },
    h('label', { for: 'prompt' }, 'Describe the image'),
    prompt,
    brand && h('div', { class: 'row' }, h('label', { for: 'brand' }, 'Brand'), brand),
    h('div', { class: 'row' }, h('label', { for: 'asset-type' }, 'Asset type'), assetType),
    h('div', { class: 'row' }, h('label', { for: 'model' }, 'Model'), model),
    licence,
    h('div', { class: 'row' }, h('label', { for: 'preset' }, 'Quality'), preset),
    submit,
  );
  const generate = () => {
    if (!prompt.value.trim()) return context.say('Describe the image first.');
    submit.disabled = true;
    const body = { prompt: prompt.value.trim(), asset_type: assetType.value, model: model.value, preset: preset.value } as GenerateInput;
    if (brand) body.brand_id = brand.value;
    const size = parseSize(catalog.asset_types.find((type) => type.id === assetType.value)?.size);
    const brandName = brands.find((entry) => entry.id === (brand?.value ?? brands[0]?.id))?.name ?? null;
    void startJob(context, body, results, { size, brand: brandName }).finally(() => (submit.disabled = false));
  };
  submit.addEventListener('click', generate);
  form.addEventListener('submit', (event) => event.preventDefault());
  // Ctrl/Cmd+Enter generates from the prompt box, as in the web app.
  prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) generate();
  });
  return form;
}

/** Starts a job (a new one, variations or an edit), follows it and shows its images. */
export async function startJob(context: ViewContext, body: GenerateInput, results: HTMLElement, placement: Placement): Promise<void> {
  try {
    const job = await unwrap(context.session.client.api.POST('/api/generate', { body }));
    await followAndShow(context, job.job_id, results, placement);
  } catch (error) {
    context.fail(error);
  }
}

export async function followAndShow(context: ViewContext, jobId: string, results: HTMLElement, placement: Placement): Promise<void> {
  const progress = h('progress', { max: 4, value: 0, 'aria-label': 'Progress' });
  const label = h('p', { class: 'status', role: 'status' }, 'Queued…');
  replaceContent(results, h('div', { class: 'progress' }, label, progress));
  const fractions = new Map<number, number>();
  for await (const event of context.session.client.followJob(jobId)) {
    if (event.type === 'image_progress') fractions.set(event.data.n, event.data.fraction);
    if (event.type === 'image') fractions.set(event.data.n, 1);
    if (event.type === 'state' && event.data.status === 'processing') label.textContent = 'Generating…';
    const done = [...fractions.values()].reduce((sum, value) => sum + value, 0);
    progress.value = done;
    if (fractions.size > 0) label.textContent = `Generating… ${Math.round((done / 4) * 100)}%`;
    // At `complete` the images are stored; scoring and filing them in the library takes a moment more, and `filed` ends the loop.
    if (event.type === 'complete' || event.type === 'filed') label.textContent = 'Finishing…';
    if (event.type === 'failed') {
      const reason = (event.data.error?.message ?? 'the server gave no reason').replace(/\.$/, '');
      throw new Error(`The job failed: ${reason}. Change the prompt or the model and try again.`);
    }
  }
  showResults(context, await libraryImagesOf(context, jobId), results, placement);
}

/** The job's images as library entries (their ids go on the canvas), all there once the job is filed. */
async function libraryImagesOf(context: ViewContext, jobId: string): Promise<LibraryImage[]> {
  const page = await unwrap(context.session.client.api.GET('/api/images', { params: { query: { job_id: jobId, limit: 8 } } }));
  return [...page.images].sort((a, b) => a.n - b.n);
}

/** The finished images, each placeable, and all four at once as a 2×2 grid. */
export function showResults(context: ViewContext, images: LibraryImage[], results: HTMLElement, placement: Placement): void {
  const place = (chosen: LibraryImage[], layout: 'single' | 'grid') =>
    placeImages(context.session, chosen, { ...placement, layout }).then(
      (ids) => context.say(`Placed ${ids.length === 1 ? 'the image' : `${ids.length} images`} on the canvas.`),
      context.fail,
    );
  const tiles = images.map((image) => {
    const picture = h('img', { alt: `${image.prompt} (image ${image.n + 1})`, width: 150, height: 150 });
    imageBytes(context.session, image.url).then((bytes) => {
      picture.src = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/png' }));
    }, context.fail);
    return h('li', { class: 'tile' }, picture, h('button', { type: 'button', onclick: () => void place([image], 'single') }, 'Place'));
  });
  replaceContent(
    results,
    h('ul', { class: 'tiles', 'aria-label': 'Generated images' }, ...tiles),
    images.length > 1 &&
      h('button', { type: 'button', class: 'primary', onclick: () => void place(images, 'grid') }, `Place all ${images.length} as a grid`),
  );
}
