import type { Trainer, TrainingSet } from '@brandgen/client';
import { useId, useState } from 'react';
import { estimatedTrainingCostUsd } from '../../../../../server/src/domain/training.ts';
import { describeError } from '../../../api/api-error.ts';
import { Checkbox } from '../../../ui/checkbox.tsx';
import { FormField } from '../../../ui/form-field.tsx';
import { Select } from '../../../ui/select.tsx';
import { useStartTraining } from '../api/start-training.ts';

function costWords(usd: number): string {
  return usd === 0 ? 'free' : `about $${usd.toFixed(2)}`;
}

/** What a run of the chosen length is estimated to cost, from the trainer's published price table. */
function estimateOf(trainer: Trainer, steps: number): number {
  return estimatedTrainingCostUsd({ usdPerThousandSteps: trainer.usd_per_thousand_steps, minimumUsd: trainer.minimum_usd }, steps);
}

/** A typed learning rate, or why it is refused; empty means the trainer's default. */
function learningRateOf(text: string, trainer: Trainer): { value: number | undefined; problem: string | undefined } {
  if (text.trim() === '') return { value: undefined, problem: undefined };
  const value = Number(text.trim());
  if (Number.isFinite(value) && value > 0 && value <= 1) return { value, problem: undefined };
  return { value: undefined, problem: `Give a learning rate above 0 and at most 1, such as ${trainer.default_learning_rate}.` };
}

/**
 * For administrators: which trainer, how many steps (the estimate follows), its learning rate where it takes one,
 * and whether to attach the result at once.
 */
export function TrainingStart({ set, trainers, onStarted }: { set: TrainingSet; trainers: Trainer[]; onStarted: (id: string) => void }) {
  const start = useStartTraining();
  const [trainerId, setTrainerId] = useState(trainers[0]!.id);
  const trainer = trainers.find((candidate) => candidate.id === trainerId) ?? trainers[0]!;
  const [stepsText, setStepsText] = useState('');
  const [rateText, setRateText] = useState('');
  const [useAtOnce, setUseAtOnce] = useState(true);
  const estimateId = useId();
  const steps = stepsText.trim() === '' ? trainer.default_steps : Number(stepsText);
  const stepsProblem =
    Number.isInteger(steps) && steps >= 1 && steps <= trainer.max_steps
      ? undefined
      : `Give a whole number of steps from 1 to ${trainer.max_steps}.`;
  // The demo trainer measures colours and learns nothing, so it takes no learning rate.
  const takesRate = trainer.default_learning_rate > 0;
  const rate = takesRate ? learningRateOf(rateText, trainer) : { value: undefined, problem: undefined };
  const train = () =>
    start.mutate(
      {
        brandId: set.brand_id,
        body: {
          set_id: set.id,
          trainer: trainer.id,
          steps,
          ...(rate.value !== undefined && { learning_rate: rate.value }),
          use_at_once: useAtOnce,
        },
      },
      { onSuccess: (training) => onStarted(training.id) },
    );
  return (
    <div className="training-start">
      <div className="training-start-fields">
        {trainers.length > 1 && (
          <FormField label="Trainer">
            {(control) => (
              <Select {...control} value={trainer.id} onChange={(event) => setTrainerId(event.target.value)}>
                {trainers.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        )}
        <FormField label="Steps" errors={stepsProblem ? [stepsProblem] : []}>
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              placeholder={String(trainer.default_steps)}
              value={stepsText}
              onChange={(event) => setStepsText(event.target.value)}
            />
          )}
        </FormField>
        {takesRate && (
          <FormField
            label="Learning rate"
            hint={`Default ${trainer.default_learning_rate}; lower is slower and safer.`}
            errors={rate.problem ? [rate.problem] : []}
          >
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                placeholder={String(trainer.default_learning_rate)}
                value={rateText}
                onChange={(event) => setRateText(event.target.value)}
              />
            )}
          </FormField>
        )}
      </div>
      <Checkbox checked={useAtOnce} onChange={setUseAtOnce}>
        Use it at once (attach the LoRA as a new brand version)
      </Checkbox>
      <p id={estimateId} className="training-estimate">
        {trainer.label}: {stepsProblem ? trainer.default_steps : steps} steps, estimated cost{' '}
        {costWords(estimateOf(trainer, stepsProblem ? trainer.default_steps : steps))}.
      </p>
      <button
        type="button"
        className="button button-primary"
        aria-describedby={estimateId}
        disabled={!set.ready || start.isPending || stepsProblem !== undefined || rate.problem !== undefined}
        onClick={train}
      >
        Train with {trainer.label}
      </button>
      {start.isError && (
        <p className="field-error" role="alert">
          {describeError(start.error)}
        </p>
      )}
    </div>
  );
}
