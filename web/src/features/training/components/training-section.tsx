import type { Brand } from '@brandgen/client';
import { useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useFollowTraining } from '../api/follow-training.ts';
import { useTrainers } from '../api/list-trainers.ts';
import { useTrainingSets } from '../api/list-training-sets.ts';
import { useTrainings } from '../api/list-trainings.ts';
import { NewTrainingSet } from './new-training-set.tsx';
import { TrainingComparison } from './training-comparison.tsx';
import { TrainingProgress } from './training-progress.tsx';
import { TrainingSetCard } from './training-set-card.tsx';
import './training.css';

/** Training on the brand page: the sets, a new set, the latest training followed live, and its before-and-after. */
export function TrainingSection({ brand, canEdit }: { brand: Brand; canEdit: boolean }) {
  const brandId = brand.id;
  const sets = useTrainingSets(brandId);
  const trainers = useTrainers();
  const trainings = useTrainings(brandId);
  const [followedId, setFollowedId] = useState<string | null>(null);
  const latest = trainings.data?.find((training) => training.id === followedId) ?? trainings.data?.[0];
  const live = useFollowTraining(latest && ['queued', 'running'].includes(latest.status) ? latest : undefined);
  const version = live?.brandVersion ?? latest?.brand_version ?? null;
  const set = sets.data?.find((candidate) => candidate.id === latest?.set_id);
  return (
    <section className="brands-panel training-section" aria-labelledby="training-title">
      <h2 id="training-title">Training</h2>
      <p className="brands-intro">
        Train the brand's own LoRA from 10 to 50 of your pictures.{' '}
        {trainers.data?.some((trainer) => trainer.id === 'demo') &&
          'The demo trainer works offline and is not AI: it measures the pictures’ colours, contrast and shapes, and the demo model draws with them.'}
      </p>
      {sets.isError && <p className="field-error">{describeError(sets.error)}</p>}
      {sets.data && sets.data.length > 0 && (
        <ul className="training-set-list">
          {sets.data.map((candidate) => (
            <TrainingSetCard
              key={candidate.id}
              set={candidate}
              trainers={trainers.data ?? []}
              canEdit={canEdit}
              onStarted={setFollowedId}
            />
          ))}
        </ul>
      )}
      {latest && <TrainingProgress training={latest} live={live} canEdit={canEdit} />}
      {latest && version !== null && (live?.status ?? latest.status) === 'complete' && version > 1 && (
        <TrainingComparison
          request={{
            brandId,
            brandName: brand.kit.name,
            family: latest.family,
            triggerWord: set?.trigger_word ?? '',
            before: version - 1,
            after: version,
          }}
          assetTypes={brand.kit.asset_types}
        />
      )}
      {canEdit && <NewTrainingSet brandId={brandId} onCreated={() => undefined} />}
    </section>
  );
}
