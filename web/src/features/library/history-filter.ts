import { endOfDay, startOfDay } from '../../format/calendar-day.ts';
import type { LibraryFilter } from './api/list-images.ts';

/** Everything History's address can filter by; "Clear filters" removes them all (the order and the open image stay). */
export const HISTORY_FILTER_PARAMS = [
  'q',
  'favorite',
  'model',
  'asset_type',
  'project_id',
  'brand_id',
  'from',
  'to',
  'min_brand_fit',
] as const;

/** The History page's search, filters and order, as its address holds them. */
export function historyFilterOf(searchParams: URLSearchParams, query = searchParams.get('q') ?? ''): LibraryFilter {
  const minBrandFit = Number(searchParams.get('min_brand_fit') ?? Number.NaN);
  const text = (name: 'model' | 'asset_type' | 'project_id' | 'brand_id') => {
    const value = searchParams.get(name)?.trim();
    return value && value.length <= 100 ? { [name]: value } : {};
  };
  // An address edited by hand to something the API refuses shows every image rather than an error.
  const from = startOfDay(searchParams.get('from') ?? '');
  const to = endOfDay(searchParams.get('to') ?? '');
  return {
    ...(query.trim() && { q: query.trim() }),
    ...(searchParams.get('favorite') === 'true' && { favorite: true }),
    ...text('model'),
    ...text('asset_type'),
    ...text('project_id'),
    ...text('brand_id'),
    ...(from && { from }),
    ...(to && { to }),
    ...(Number.isInteger(minBrandFit) && minBrandFit >= 0 && minBrandFit <= 100 && { min_brand_fit: minBrandFit }),
    ...(searchParams.get('sort') === 'brand_fit' && { sort: 'brand_fit' as const }),
  };
}
