import { useModelCatalog } from '../../models/api/get-model-catalog.ts';
import { useBrands } from '../../brands/api/list-brands.ts';
import { useProjects } from '../../projects/api/list-projects.ts';

export interface FilterChoice {
  id: string;
  label: string;
}

/** What History's filters offer: the catalog's models and asset types, the projects, and the brands. */
export interface HistoryFilterChoices {
  models: FilterChoice[];
  assetTypes: FilterChoice[];
  projects: FilterChoice[];
  brands: FilterChoice[];
}

/** The choices, each list empty until it has loaded (the filters then show what the address holds by its id). */
export function useHistoryFilterChoices(): HistoryFilterChoices {
  const catalog = useModelCatalog().data;
  const projects = useProjects().data;
  const brands = useBrands().data?.brands;
  return {
    models: catalog?.models.map((model) => ({ id: model.id, label: model.label })) ?? [],
    assetTypes: catalog?.asset_types.map((type) => ({ id: type.id, label: type.label })) ?? [],
    projects: projects?.map((project) => ({ id: project.id, label: project.name })) ?? [],
    brands: brands?.map((brand) => ({ id: brand.id, label: brand.name })) ?? [],
  };
}

/** The label of the chosen entry, or its id when the list does not (yet) hold it. */
export function choiceLabel(choices: readonly FilterChoice[], id: string): string {
  return choices.find((choice) => choice.id === id)?.label ?? id;
}
