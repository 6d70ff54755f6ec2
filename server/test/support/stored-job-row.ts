/** A finished job row as the jobs table held it before brands (0602), for migration tests; `settings` adds to its settings. */
export function storedJobRow(id: string, settings: Record<string, unknown> = {}) {
  return {
    id,
    user_id: 'user-a',
    prompt: 'a lighthouse',
    final_prompt: 'brndgn style, a lighthouse',
    negative_prompt: '',
    model: 'demo',
    status: 'complete',
    settings: JSON.stringify({ seed: 1, size: '1024x1024', ...settings }),
    source_job_id: null,
    error_code: null,
    error_message: null,
    created_at: '2025-01-01T00:00:00.000Z',
    started_at: null,
    completed_at: null,
  };
}
