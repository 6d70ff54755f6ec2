import type { ModelCatalog, Template } from '@brandgen/client';

/** A choice's label in the catalog, or its id with a warning when this installation no longer offers it. */
function labelOf(choices: ReadonlyArray<{ id: string; label: string }> | undefined, id: string): string {
  if (!choices) return id;
  return choices.find((choice) => choice.id === id)?.label ?? `${id} (not offered here, so the default is used)`;
}

/** A template's settings in words, with the catalog's labels: "Model: Demo · Asset type: Icon · Preset: Draft". */
export function describeTemplateSettings(template: Template, catalog: ModelCatalog | undefined): string {
  const loras = Object.entries(template.lora_overrides);
  return (
    [
      template.model && `Model: ${labelOf(catalog?.models, template.model)}`,
      template.asset_type && `Asset type: ${labelOf(catalog?.asset_types, template.asset_type)}`,
      template.preset && `Preset: ${labelOf(catalog?.presets, template.preset)}`,
      loras.length > 0 && `LoRA: ${loras.map(([name, weight]) => `${name} ${weight}`).join(', ')}`,
    ]
      .filter(Boolean)
      .join(' · ') || 'Default settings'
  );
}
