import { useState } from 'react';
import { dismissDemoBanner, isDemoBannerDismissed } from '../demo-banner-dismissal.ts';
import { useModelCatalog } from '../../models/api/get-model-catalog.ts';

/**
 * People must not mistake the offline demo drawings for AI output, so say so plainly whenever it is in use. Once read,
 * it can be put away for good in this browser; the model list keeps saying "Demo (offline, not AI)".
 */
export function DemoBanner() {
  const catalog = useModelCatalog();
  const [dismissed, setDismissed] = useState(isDemoBannerDismissed);
  // The banner goes as soon as one real model is configured.
  if (!catalog.data?.demo_only || dismissed) return null;
  return (
    <div className="demo-banner" role="note" aria-labelledby="demo-banner-title">
      <p id="demo-banner-title" className="demo-banner-title">
        <span className="demo-banner-badge">Demo</span>
        These are not AI images
      </p>
      <p className="demo-banner-text">
        The demo model draws offline compositions in your brand palette, so Brandgen works without an image provider. Configure a real
        provider on the server to generate real images.
      </p>
      <button
        type="button"
        className="demo-banner-close"
        aria-label="Hide the demo note"
        title="Hide the demo note"
        onClick={() => {
          dismissDemoBanner();
          setDismissed(true);
        }}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
