import type { Training } from './training.ts';
import type { WebhookEvent } from './webhook.ts';

/** A training's webhook event: what every training event says about it, and what this one adds. */
export function trainingWebhook(
  training: Training,
  type: 'training.completed' | 'training.failed' | 'training.canceled',
  data: Record<string, unknown>,
  at: string,
): WebhookEvent {
  return {
    type,
    userId: training.createdBy,
    data: {
      training_id: training.id,
      brand_id: training.brandId,
      set_id: training.setId,
      trainer: training.trainer,
      family: training.family,
      steps: training.steps,
      estimated_cost_usd: training.estimatedCostUsd,
      ...data,
    },
    createdAt: at,
  };
}
