import { modelDefinitions } from './model-definitions.ts';
import { providerLabels } from './provider-ids.ts';

/**
 * Why a job cannot run on a model that is no longer in this process's catalog. A hosted model leaves the catalog when
 * its provider's key goes, which at run time only an administrator does (environment keys change with a restart).
 */
export function unavailableModelMessage(modelId: string): string {
  const definition = modelDefinitions.find((candidate) => candidate.id === modelId);
  if (!definition) return `The model "${modelId}" is no longer configured, so this job cannot run.`;
  const provider = providerLabels[definition.provider];
  return (
    `The ${provider} key was removed by an administrator, so ${definition.label} is no longer available and this job ` +
    `cannot run. Generate again with another model, or ask an administrator to add a ${provider} key in Settings.`
  );
}
