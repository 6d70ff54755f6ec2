/** The fields of civitai's Workflow object that Brandgen reads. */
export interface Workflow {
  id?: string;
  status?: string;
  steps?: Array<{
    name?: string;
    status?: string;
    estimatedProgressRate?: number | null;
    output?: { images?: OutputBlob[]; blobs?: OutputBlob[] } | null;
    jobs?: Array<{ status?: string; reason?: string | null; blockedReason?: string | null }> | null;
  }>;
}

interface OutputBlob {
  id?: string;
  url?: string | null;
}

/** Workflows, steps and jobs share one status enum; these four never change once reached. */
const TERMINAL = new Set(['succeeded', 'failed', 'expired', 'canceled']);

export function isTerminal(workflow: Workflow): boolean {
  return TERMINAL.has(workflow.status ?? '');
}

/** How far the image step has come, 0 to 1, when civitai estimates it. */
export function progressOf(workflow: Workflow): number | undefined {
  const rate = workflow.steps?.[0]?.estimatedProgressRate;
  return typeof rate === 'number' ? rate : undefined;
}

/** The signed links of the images a succeeded workflow made. */
export function imageLinks(workflow: Workflow): string[] {
  return (workflow.steps ?? []).flatMap((step) =>
    [...(step.output?.images ?? []), ...(step.output?.blobs ?? [])]
      .map((blob) => blob.url)
      .filter((url): url is string => typeof url === 'string' && url !== ''),
  );
}

/** Why a workflow ended without images, in words a studio member can act on. */
export function endedWithoutImages(workflow: Workflow): string {
  const jobs = (workflow.steps ?? []).flatMap((step) => step.jobs ?? []);
  const reasons = [...new Set(jobs.flatMap((job) => [job.reason, job.blockedReason]).filter((text): text is string => !!text))];
  const why = reasons.length > 0 ? ` (${reasons.join('; ')})` : '';
  switch (workflow.status) {
    case 'expired':
      return `civitai let the image expire before a worker finished it${why}. Try again, perhaps at a quieter time.`;
    case 'canceled':
      return `civitai cancelled the image before it was made${why}.`;
    case 'failed':
      if (reasons.includes('blocked')) {
        return `civitai's content moderation blocked the image${why}. Change the prompt and generate again.`;
      }
      return `civitai could not make the image${why}.`;
    default:
      return 'civitai finished the workflow without an image.';
  }
}
