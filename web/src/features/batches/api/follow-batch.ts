import type { Batch } from '@brandgen/client';
import { useQueryClient, type DataTag, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { brandgen } from '../../../api/client.ts';
import { readEvents } from '../../../api/read-events.ts';
import { takeStreamPlace } from '../../../api/stream-budget.ts';
import { allJobsFiled, applyBatchEvent } from '../batch-state.ts';

/**
 * GET /api/batches/{id}/events, while the batch runs: every job's progress and images written into the cached batch
 * as they happen, nothing polled. Once every job is filed (a moment after it ends, with its thumbnails) the batch is
 * asked for once, for the server's word on how it ended; a dropped stream is resumed by the client. Says whether it streams:
 * with the app's stream places all held (many batches running at once), the caller polls instead.
 */
export function useFollowBatch(options: {
  batchId: string;
  running: boolean;
  /** Where the batch is cached: a function made once, not a key made on every render, so the stream is not reopened. */
  keyOf: (batchId: string) => DataTag<QueryKey, Batch, Error>;
}): boolean {
  const { batchId, running, keyOf } = options;
  const queryClient = useQueryClient();
  const [streaming, setStreaming] = useState(false);
  useEffect(() => {
    if (!running) return;
    const release = takeStreamPlace();
    setStreaming(release !== undefined);
    if (release === undefined) return;
    const queryKey = keyOf(batchId);
    const stop = new AbortController();
    return readEvents({
      events: brandgen.followBatch(batchId, { signal: stop.signal }),
      stop,
      release,
      onEvent: async (event) => {
        const batch = queryClient.setQueryData(queryKey, (cached) => (cached === undefined ? cached : applyBatchEvent(cached, event)));
        if (batch === undefined || !allJobsFiled(batch)) return;
        stop.abort();
        // Only this batch: refreshing the list of batches would cancel "Show older batches" under way.
        await queryClient.invalidateQueries({ queryKey, exact: true });
      },
    });
  }, [batchId, keyOf, running, queryClient]);
  return streaming;
}
