/**
 * The root key of the job list's cache (GET /api/jobs), apart from its query options so that pages that only
 * invalidate it (an image deleted or refined from History) do not load the Generate feed's code with it.
 */
export const jobHistoryKey = ['jobs'] as const;
