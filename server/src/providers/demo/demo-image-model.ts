import type { ImageModelV4, ImageModelV4CallOptions, ImageModelV4Result, SharedV4Warning } from '@ai-sdk/provider';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { readDemoOptions } from './demo-options.ts';
import { isHexColour } from './palette-colours.ts';
import { renderComposition } from './render-composition.ts';
import { renderRefinement } from './render-refinement.ts';
import { withStyleProfile } from './styled-render.ts';

/**
 * An image model that needs no GPU and no API key: it draws the subject the description names, as an icon from the
 * Tabler set (MIT), over abstract compositions in the brand palette, arranged for the asset type, so a fresh install
 * shows the whole flow working. Pictures carry a "DEMO · not AI" label. `providerOptions['brandgen-demo']` carries the
 * user's own description and the asset type (see demo-options.ts); without them the prompt is the description.
 * Given a source image (`files`), it edits it visibly instead: an edit by the instruction in the prompt, or an
 * image-to-image redraw when `providerOptions['brandgen-demo'].strength` is set.
 */
export interface DemoImageModelSettings {
  palette: string[];
  brandName: string;
  /** Simulated generation time, so queues, progress and cancellation behave as with a real model. */
  latencyMs: number;
}

const defaultSize = { width: 1024, height: 1024 };
const smallestSide = 64;
const largestSide = 2048;

export function createDemoImageModel(settings: DemoImageModelSettings): ImageModelV4 {
  const invalid = settings.palette.filter((colour) => !isHexColour(colour));
  if (settings.palette.length === 0 || invalid.length > 0) {
    throw new Error(`the demo model needs a palette of #RRGGBB colours; got ${JSON.stringify(settings.palette)}`);
  }
  if (!Number.isFinite(settings.latencyMs) || settings.latencyMs < 0) {
    throw new Error(`latencyMs must be a number of milliseconds ≥ 0; got ${settings.latencyMs}`);
  }
  const defaultPalette = [...settings.palette];

  return {
    specificationVersion: 'v4',
    provider: 'brandgen-demo',
    modelId: 'demo',
    maxImagesPerCall: 4,
    supportsFileInputs: true,
    supportsMaskInputs: false,

    async doGenerate(options: ImageModelV4CallOptions): Promise<ImageModelV4Result> {
      const { abortSignal } = options;
      abortSignal?.throwIfAborted();
      const timestamp = new Date();
      const warnings = unsupportedOptionWarnings(options);
      const size = parseSize(options.size, warnings);
      const firstSeed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
      const seeds = Array.from({ length: options.n }, (_, index) => firstSeed + index);
      const source = options.files?.find((file) => file.type === 'file');
      const requested = readDemoOptions(options);
      const { description, assetType, strength } = requested;
      // Each job draws with its own brand version's colours and name.
      // A trained demo style replaces the kit's colours with the set's own.
      const palette = requested.styleProfile?.palette ?? requested.palette ?? defaultPalette;
      const brandName = requested.brandName ?? settings.brandName;
      const prompt = options.prompt ?? '';
      const drawn = { description: description ?? prompt, assetType: assetType ?? undefined, brandName };

      // The wait starts as the call is made and includes the rendering, as a remote GPU's would: a batch takes about as
      // long as one image. Drawing is then put off by one turn of the event loop, so that calls made together (a
      // job's four images) all start their clocks before this one's drawing holds the thread.
      const latency = sleep(settings.latencyMs, undefined, { signal: abortSignal });
      // Handled below through Promise.all; this only keeps an abort during the deferral from counting as unhandled.
      latency.catch(() => undefined);
      await setImmediate();
      abortSignal?.throwIfAborted();
      const rendering = Promise.all(
        seeds.map((seed) =>
          source
            ? renderRefinement({
                source: typeof source.data === 'string' ? Buffer.from(source.data, 'base64') : source.data,
                prompt,
                ...drawn,
                seed,
                palette,
                ...size,
                strength,
              })
            : renderComposition({
                prompt,
                ...drawn,
                seed,
                palette,
                ...size,
                title: `${brandName} demo illustration`,
              }),
        ),
      );
      const [drawnImages] = await unlessAborted(Promise.all([rendering, latency]), abortSignal);
      const profile = requested.styleProfile;
      const images = profile ? await Promise.all(drawnImages.map((image) => withStyleProfile(image, profile))) : drawnImages;

      return {
        images,
        warnings,
        response: { timestamp, modelId: 'demo', headers: undefined },
        providerMetadata: { 'brandgen-demo': { images: seeds.map((seed) => ({ seed })) } },
      };
    },
  };
}

function unsupportedOptionWarnings(options: ImageModelV4CallOptions): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  if (options.aspectRatio !== undefined) {
    warnings.push({ type: 'unsupported', feature: 'aspectRatio', details: 'use size instead, e.g. 1024x1024' });
  }
  if (options.files?.some((file) => file.type === 'url')) {
    warnings.push({ type: 'unsupported', feature: 'files', details: 'the demo model reads image bytes, not URLs' });
  }
  if ((options.files?.length ?? 0) > 1) {
    warnings.push({ type: 'other', message: 'the demo model edits the first image only' });
  }
  if (options.mask !== undefined) {
    warnings.push({ type: 'unsupported', feature: 'mask', details: 'the demo model does not inpaint' });
  }
  return warnings;
}

function parseSize(size: string | undefined, warnings: SharedV4Warning[]): { width: number; height: number } {
  if (size === undefined) return defaultSize;
  const match = /^(\d+)x(\d+)$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  const withinLimits = (side: number): boolean => side >= smallestSide && side <= largestSide;
  if (match !== null && withinLimits(width) && withinLimits(height)) return { width, height };
  warnings.push({
    type: 'unsupported',
    feature: 'size',
    details: `${size} is not WxH with sides from ${smallestSide} to ${largestSide}; rendered 1024x1024`,
  });
  return defaultSize;
}

/**
 * Settles like `work` unless the signal fires first; then rejects at once with the signal's reason,
 * which is what AbortSignal-aware callers (and the AI SDK's retry logic) expect. The abandoned work
 * finishes in the background; its result or error is dropped.
 */
function unlessAborted<Result>(work: Promise<Result>, signal: AbortSignal | undefined): Promise<Result> {
  if (signal === undefined) return work;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
