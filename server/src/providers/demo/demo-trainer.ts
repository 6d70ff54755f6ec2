import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_FAMILY, DEMO_PROFILE_FILE, type Trainer, type TrainerRun, type TrainedWeights } from '../../domain/training.ts';
import { emptyTally, profileOf, tallyPicture } from './style-profile.ts';

export interface DemoTrainerOptions {
  /** How long each step takes, so a newcomer sees progress as with a real trainer (a few seconds in all). */
  stepMs: number;
}

/**
 * Trains nothing: reads the set's pictures with sharp and writes their dominant colours, contrast and shape density
 * as a profile the demo model draws with. Needs no key and costs nothing; labelled "demo, not AI" wherever shown.
 * A resumed run simply reads the pictures again: there is no provider request to follow.
 */
export function createDemoTrainer(options: DemoTrainerOptions): Trainer {
  return {
    id: 'demo',
    label: 'Demo (offline, not AI)',
    families: [DEMO_FAMILY],
    defaultSteps: 20,
    maxSteps: 100,
    defaultLearningRate: 0,
    price: { usdPerThousandSteps: 0, minimumUsd: 0 },
    train: (run) => trainDemo(run, options),
  };
}

async function trainDemo(run: TrainerRun, options: DemoTrainerOptions): Promise<TrainedWeights> {
  const { set, training, signal } = run;
  const steps = training.steps;
  const tally = emptyTally();
  let read = 0;
  for (let step = 1; step <= steps; step += 1) {
    await sleep(options.stepMs, undefined, { signal });
    // The pictures are spread over the steps, so progress moves evenly whatever the set's size.
    const until = Math.ceil((step * set.images.length) / steps);
    const logs: string[] = [];
    for (; read < until; read += 1) {
      const image = set.images[read];
      if (!image) break;
      await tallyPicture(await run.readImage(image), tally);
      logs.push(`read ${image.fileName} (${read + 1} of ${set.images.length})`);
    }
    if (step === steps) logs.push('wrote the style profile');
    await run.onProgress({ step, steps, logs });
  }
  const profile = profileOf(tally, set.triggerWord);
  return { bytes: new TextEncoder().encode(JSON.stringify(profile)), fileName: DEMO_PROFILE_FILE };
}
