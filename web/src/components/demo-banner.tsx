import { useQuery } from '@tanstack/react-query';
import { listModels } from '../api/client.ts';
import { modelsKey } from '../api/query-keys.ts';

/** People must not mistake the offline demo drawings for AI output, so say so plainly whenever it is in use. */
export function DemoBanner() {
  const models = useQuery({ queryKey: modelsKey, queryFn: ({ signal }) => listModels(signal), staleTime: Infinity });
  const defaultModel = models.data?.find((model) => model.default) ?? models.data?.[0];
  if (!defaultModel?.is_demo) return null;
  return (
    <div className="demo-banner" role="note" aria-labelledby="demo-banner-title">
      <p id="demo-banner-title" className="demo-banner-title">
        <span className="demo-banner-badge">Demo</span>
        These are not AI images
      </p>
      <p className="demo-banner-text">
        The demo model draws offline compositions in your brand palette, so Brandgen works without an image provider.
        Configure a real provider on the server to generate real images.
      </p>
    </div>
  );
}
