import { isCalendarDay, formatDay } from '../../../format/calendar-day.ts';
import { choiceLabel, type HistoryFilterChoices } from './history-filter-choices.ts';

interface SummaryInput {
  count: number;
  /** Whether older images are still to load, so the count is a lower bound. */
  hasMore: boolean;
  searchParams: URLSearchParams;
  /** The search as applied (trimmed). */
  query: string;
  choices: HistoryFilterChoices;
}

/** "Made from 1 Nov 2026 to 3 Nov 2026", "made on 1 Nov 2026", "made since …", "made up to …"; null for any time. */
function describeDays(from: string | null, to: string | null): string | null {
  const start = isCalendarDay(from) ? formatDay(from) : null;
  const end = isCalendarDay(to) ? formatDay(to) : null;
  if (start && end) return start === end ? `made on ${start}` : `made from ${start} to ${end}`;
  if (start) return `made since ${start}`;
  if (end) return `made up to ${end}`;
  return null;
}

/**
 * The line over the grid that says what it shows: "16 images matching “owl” among favorites made with Demo, in
 * project Autumn menu, made from 1 Nov 2026 to 3 Nov 2026", so a filter applied by a pasted link is never a surprise.
 */
export function describeHistory({ count, hasMore, searchParams, query, choices }: SummaryInput): string {
  const named = (param: string, list: keyof HistoryFilterChoices, words: string) => {
    const value = searchParams.get(param)?.trim();
    return value ? `${words} ${choiceLabel(choices[list], value)}` : null;
  };
  const minBrandFit = searchParams.get('min_brand_fit');
  const head = [
    `${count}${hasMore ? '+' : ''} ${count === 1 ? 'image' : 'images'}`,
    query && ` matching “${query}”`,
    searchParams.get('favorite') === 'true' && ' among favorites',
  ];
  const filters = [
    named('model', 'models', 'made with'),
    named('asset_type', 'assetTypes', 'of type'),
    named('project_id', 'projects', 'in project'),
    named('brand_id', 'brands', 'for brand'),
    describeDays(searchParams.get('from'), searchParams.get('to')),
    minBrandFit && `with brand fit ${minBrandFit} or more`,
  ];
  const applied = filters.filter(Boolean).join(', ');
  return `${head.filter(Boolean).join('')}${applied && ` ${applied}`}`;
}
