import type { Training } from '@brandgen/client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { brandgen } from '../../../api/client.ts';
import { brandLorasKey, brandsKey } from '../../brands/api/keys.ts';
import { trainingsKey } from './keys.ts';

/** A training as its event stream tells it: where it stands, the trainer's last log lines, and how it ended. */
export interface LiveTraining {
  status: Training['status'];
  step: number;
  steps: number;
  logs: string[];
  error: string | null;
  loraId: string | null;
  brandVersion: number | null;
}

const KEPT_LOG_LINES = 6;

/** Follows GET /api/trainings/{id}/events while the training runs; the brand, its LoRAs and trainings refresh at the end. */
export function useFollowTraining(training: Training | undefined): LiveTraining | undefined {
  const client = useQueryClient();
  const [live, setLive] = useState<LiveTraining | undefined>();
  const id = training?.id;
  const brandId = training?.brand_id;
  useEffect(() => {
    if (!id || !brandId) return undefined;
    const stop = new AbortController();
    let state: LiveTraining = { status: 'queued', step: 0, steps: 1, logs: [], error: null, loraId: null, brandVersion: null };
    const run = async () => {
      for await (const event of brandgen.followTraining(id, { signal: stop.signal })) {
        if (event.type === 'state') state = { ...state, status: event.data.status, step: event.data.step, steps: event.data.steps };
        if (event.type === 'progress') {
          const logs = [...state.logs, ...event.data.logs].slice(-KEPT_LOG_LINES);
          state = { ...state, status: 'running', step: event.data.step, steps: event.data.steps, logs };
        }
        if (event.type === 'complete')
          state = { ...state, status: 'complete', step: state.steps, loraId: event.data.lora_id, brandVersion: event.data.brand_version };
        if (event.type === 'failed') {
          const status = event.data.error.code === 'canceled' ? 'canceled' : 'failed';
          state = { ...state, status, error: event.data.error.message };
        }
        setLive(state);
      }
      await Promise.all([
        client.invalidateQueries({ queryKey: trainingsKey(brandId) }),
        client.invalidateQueries({ queryKey: brandLorasKey(brandId) }),
        client.invalidateQueries({ queryKey: brandsKey }),
      ]);
    };
    run().catch((error: unknown) => {
      if (!stop.signal.aborted) setLive({ ...state, status: 'failed', error: error instanceof Error ? error.message : String(error) });
    });
    return () => stop.abort();
  }, [id, brandId, client]);
  return live;
}
