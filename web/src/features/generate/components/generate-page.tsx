import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from '../../../app/router.tsx';
import type { GenerateInput, ModelCatalog } from '@brandgen/client';
import { acceptLicence, hasAcceptedLicence } from '../licence-acceptance.ts';
import { useModelCatalog } from '../../models/api/get-model-catalog.ts';
import { useBrands } from '../../brands/api/list-brands.ts';
import { GenerationOptions, type GenerationChoices } from './generation-options.tsx';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { describeJobStatus } from '../job-state.ts';
import { useJob } from '../api/get-job.ts';
import { useJobHistory } from '../api/list-jobs.ts';
import { useGenerateImages } from '../api/generate-images.ts';
import { useGenerateMore } from '../api/generate-more.ts';
import { readRecalledSettings, type RecalledSettings } from '../recall-settings.ts';
import { RecalledSettingsNote } from './recalled-settings-note.tsx';
import { DemoBanner } from './demo-banner.tsx';
import { JobCard } from './job-card.tsx';
import { PromptForm } from './prompt-form.tsx';
import { StatusLine } from './status-line.tsx';

// Asked only before a restricted model's first use, so its code loads then.
const LicenceDialog = lazy(async () => ({ default: (await import('./licence-dialog.tsx')).LicenceDialog }));

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The catalog's defaults, overridden by recalled settings ("Use these settings") that this installation still offers. */
function defaultChoices(catalog: ModelCatalog | undefined, recalled: RecalledSettings | null): GenerationChoices | null {
  if (!catalog) return null;
  const model =
    catalog.models.find((entry) => entry.id === recalled?.model) ?? catalog.models.find((entry) => entry.default) ?? catalog.models[0];
  const assetType =
    catalog.asset_types.find((entry) => entry.id === recalled?.assetType)?.id ?? catalog.asset_types[0]?.id ?? 'product_illustration';
  const preset = catalog.presets.find((entry) => entry.id === recalled?.preset)?.id ?? 'standard';
  const seed = recalled?.seed !== undefined ? String(recalled.seed) : '';
  return { brandId: recalled?.brandId ?? '', model: model?.id ?? '', assetType, preset, seed };
}

/** The seed as the API wants it, or an error message for what was typed. */
function parseSeed(text: string): { seed?: number; error: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: null };
  const seed = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || seed > 4294967295) return { error: 'The seed must be a whole number from 0 to 4294967295.' };
  return { seed, error: null };
}

export function GeneratePage() {
  const catalog = useModelCatalog();
  const brands = useBrands();
  const [searchParams, setSearchParams] = useSearchParams();
  // "Use these settings" from another page arrives as search parameters (see recall-settings.ts).
  const recalled = useMemo(() => readRecalledSettings(searchParams), [searchParams]);
  const [chosen, setChosen] = useState<GenerationChoices | null>(null);
  // New recalled settings replace earlier choices.
  useEffect(() => setChosen(null), [recalled]);
  const choices = chosen ?? defaultChoices(catalog.data, recalled);
  // A request waiting for the person to confirm a restricted licence.
  const [pendingInput, setPendingInput] = useState<GenerateInput | null>(null);
  // Jobs started in this tab, newest first. Kept apart from the history pages because a history request that
  // was already in flight when a job started would not contain it.
  const [startedJobIds, setStartedJobIds] = useState<string[]>([]);
  const started = (jobId: string) => setStartedJobIds((ids) => [jobId, ...ids]);
  const generate = useGenerateImages(started);
  const more = useGenerateMore(started);
  const history = useJobHistory();
  const latestStartedId = startedJobIds[0] ?? null;
  const activeJob = useJob(latestStartedId);

  const jobIds = useMemo(() => {
    const historyIds = history.data?.pages.flatMap((page) => page.jobIds) ?? [];
    return [...new Set([...startedJobIds, ...historyIds])];
  }, [startedJobIds, history.data]);

  // A set started from a card far down the page appears at the top; bring it into view so the click visibly did something.
  useEffect(() => {
    if (latestStartedId === null) return;
    const card = document.querySelector(`[data-job-id="${CSS.escape(latestStartedId)}"]`);
    card?.scrollIntoView({ block: 'nearest', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }, [latestStartedId]);

  const lastFailure = generate.isError ? generate.error : more.isError ? more.error : null;
  let status: { message: string; tone: 'neutral' | 'busy' | 'success' | 'error' } = { message: '', tone: 'neutral' };
  if (generate.isPending || more.isPending) status = { message: 'Starting a new set…', tone: 'busy' };
  else if (lastFailure !== null) status = { message: describeError(lastFailure), tone: 'error' };
  else if (activeJob.data !== undefined) {
    const job = activeJob.data;
    const tone = job.status === 'complete' ? 'success' : job.status === 'failed' ? 'error' : 'busy';
    status = { message: describeJobStatus(job), tone };
  }

  const seed = parseSeed(choices?.seed ?? '');
  const selectedModel = catalog.data?.models.find((entry) => entry.id === choices?.model);

  const startGenerate = (prompt: string) => {
    if (seed.error) return;
    more.reset();
    const input: GenerateInput = {
      prompt,
      ...(choices && { model: choices.model, asset_type: choices.assetType, preset: choices.preset }),
      ...(seed.seed !== undefined && { seed: seed.seed }),
      ...(choices?.brandId && { brand_id: choices.brandId }),
      // The recalled kit version, while the recalled brand is still the one chosen: the same prompt is composed again.
      ...(choices?.brandId &&
        choices.brandId === recalled?.brandId &&
        recalled.brandVersion !== undefined && { brand_version: recalled.brandVersion }),
    };
    if (selectedModel?.licence?.warning && !hasAcceptedLicence(selectedModel.id)) {
      setPendingInput(input);
      return;
    }
    generate.mutate(input);
  };
  const confirmLicence = () => {
    if (!pendingInput || !selectedModel) return;
    acceptLicence(selectedModel.id);
    generate.mutate(pendingInput);
    setPendingInput(null);
  };
  const startMore = (jobId: string) => {
    generate.reset();
    more.mutate(jobId);
  };

  return (
    <main className="page layout">
      <div className="sidebar">
        {/* Whole once the models are known: a demo note arriving late would push the prompt box down under the pointer. */}
        {catalog.isPending ? (
          <div className="sidebar-pending" aria-busy="true" />
        ) : (
          <>
            <DemoBanner />
            <section className="composer" aria-labelledby="composer-title">
              <h1 id="composer-title" className="composer-title">
                Generate images
              </h1>
              <p className="composer-intro">Four on-brand variations per prompt, with the brand style and LoRA applied.</p>
              {recalled && (
                <RecalledSettingsNote settings={recalled} catalog={catalog.data} onClear={() => setSearchParams({}, { replace: true })} />
              )}
              <PromptForm
                initialPrompt={recalled?.prompt ?? ''}
                onSubmit={startGenerate}
                submitting={generate.isPending}
                errors={fieldMessages(generate.error, 'prompt')}
                onEdit={() => generate.reset()}
              />
              <StatusLine message={status.message} tone={status.tone} />
              {/* After the prompt and its button, so the keyboard path to Generate stays short. */}
              {catalog.data && choices && (
                <GenerationOptions
                  catalog={catalog.data}
                  brands={brands.data?.brands ?? []}
                  value={choices}
                  onChange={setChosen}
                  seedError={seed.error}
                />
              )}
              {pendingInput && selectedModel && (
                <Suspense fallback={null}>
                  <LicenceDialog model={selectedModel} onConfirm={confirmLicence} onCancel={() => setPendingInput(null)} />
                </Suspense>
              )}
            </section>
          </>
        )}
      </div>

      <section id="image-sets" className="feed" aria-labelledby="feed-title" tabIndex={-1}>
        <h2 id="feed-title" className="visually-hidden">
          Your image sets
        </h2>

        {history.isPending && jobIds.length === 0 && <p className="feed-note">Loading your earlier images…</p>}

        {history.isError && (
          <div className="feed-note feed-note-error">
            <p>Your earlier images could not be loaded. {describeError(history.error)}</p>
            <button type="button" className="button button-secondary" onClick={() => void history.refetch()}>
              Try again
            </button>
          </div>
        )}

        {history.isSuccess && jobIds.length === 0 && (
          <div className="empty-state">
            <span className="empty-state-art" aria-hidden="true">
              <span />
              <span />
              <span />
              <span />
            </span>
            <p className="empty-state-title">No images yet</p>
            <p>Describe what you need and press Generate. Each prompt makes four variations.</p>
          </div>
        )}

        <ol className="job-list">
          {jobIds.map((jobId, index) => (
            <li key={jobId}>
              <JobCard
                jobId={jobId}
                isLatest={index === 0}
                onGenerateMore={startMore}
                generatingMore={more.isPending && more.variables === jobId}
                generateMoreError={more.isError && more.variables === jobId ? more.error : null}
              />
            </li>
          ))}
        </ol>

        {history.hasNextPage && (
          <div className="load-older">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void history.fetchNextPage()}
              disabled={history.isFetchingNextPage}
            >
              {history.isFetchingNextPage ? 'Loading older sets…' : 'Load older sets'}
            </button>
            {history.isFetchNextPageError && <p className="feed-note-error">{describeError(history.error)}</p>}
          </div>
        )}
      </section>
    </main>
  );
}
