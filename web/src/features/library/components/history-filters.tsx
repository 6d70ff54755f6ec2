import { useId } from 'react';
import { isCalendarDay } from '../../../format/calendar-day.ts';
import type { FilterChoice, HistoryFilterChoices } from './history-filter-choices.ts';
import { Select } from '../../../ui/select.tsx';

type ChoiceParam = 'model' | 'asset_type' | 'project_id' | 'brand_id';

interface HistoryFiltersProps {
  searchParams: URLSearchParams;
  choices: HistoryFilterChoices;
  onChange: (name: ChoiceParam | 'from' | 'to', value: string | null) => void;
}

/**
 * Model, asset type, project, brand (once there is more than one) and a range of days: each a labelled field whose
 * value lives in the address, so a copied link shows the same images. "Clear filters" is beside the summary line.
 */
export function HistoryFilters({ searchParams, choices, onChange }: HistoryFiltersProps) {
  const id = useId();
  const brandChosen = searchParams.get('brand_id');
  const choice = (param: ChoiceParam, label: string, anyLabel: string, options: readonly FilterChoice[]) => (
    <ChoiceFilter
      id={`${id}-${param}`}
      label={label}
      anyLabel={anyLabel}
      options={options}
      value={searchParams.get(param) ?? ''}
      onChange={(value) => onChange(param, value)}
    />
  );
  const day = (param: 'from' | 'to', label: string) => {
    const value = searchParams.get(param);
    return (
      <div className="option-row history-filter history-filter-day">
        <label htmlFor={`${id}-${param}`}>{label}</label>
        <input
          id={`${id}-${param}`}
          type="date"
          value={isCalendarDay(value) ? value : ''}
          min={param === 'to' ? (searchParams.get('from') ?? undefined) : undefined}
          max={param === 'from' ? (searchParams.get('to') ?? undefined) : undefined}
          onChange={(event) => onChange(param, event.target.value || null)}
        />
      </div>
    );
  };

  return (
    <div className="history-filters" role="group" aria-label="Filters">
      {choice('model', 'Model', 'Any model', choices.models)}
      {choice('asset_type', 'Asset type', 'Any type', choices.assetTypes)}
      {choice('project_id', 'Project', 'Any project', choices.projects)}
      {(choices.brands.length > 1 || brandChosen) && choice('brand_id', 'Brand', 'Any brand', choices.brands)}
      {day('from', 'From')}
      {day('to', 'To')}
    </div>
  );
}

interface ChoiceFilterProps {
  id: string;
  label: string;
  anyLabel: string;
  options: readonly FilterChoice[];
  /** The address's value, '' for any. */
  value: string;
  onChange: (value: string | null) => void;
}

function ChoiceFilter({ id, label, anyLabel, options, value, onChange }: ChoiceFilterProps) {
  // A value the list does not hold (a model since removed, a link from elsewhere) still shows, by its id.
  const unlisted = value !== '' && !options.some((option) => option.id === value);
  return (
    <div className="option-row history-filter">
      <label htmlFor={id}>{label}</label>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">{anyLabel}</option>
        {unlisted && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </Select>
    </div>
  );
}
