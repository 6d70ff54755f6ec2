import type { QueryClient } from '@tanstack/react-query';
import { libraryQueryOptions } from '../features/library/api/list-images.ts';
import { historyFilterOf } from '../features/library/history-filter.ts';
import { preloadOpeningThumbnails } from '../features/library/preload-opening-thumbnails.ts';
import { currentUserQueryOptions } from '../features/account/api/get-current-user.ts';
import { modelCatalogQueryOptions } from '../features/models/api/get-model-catalog.ts';
import { allBrandsQueryOptions, brandsQueryOptions } from '../features/brands/api/list-brands.ts';
import { webhooksQueryOptions } from '../features/webhooks/api/list-webhooks.ts';

/**
 * Asks for the data of the page being opened while React is still rendering its first frame, rather than from the
 * page's effects once it has: opening History straight from a link or a reload saves that render's time.
 */
export function prefetchRouteData(queryClient: QueryClient, location: Location): void {
  // Generate lays out its composer once it knows the models (and whether the demo note shows), so ask at once.
  if (location.pathname === '/') void queryClient.prefetchQuery(modelCatalogQueryOptions());
  if (location.pathname === '/history') {
    const list = queryClient.fetchInfiniteQuery(libraryQueryOptions(historyFilterOf(new URLSearchParams(location.search))));
    void preloadOpeningThumbnails(list);
    // The header and History's filters ask for these as the page mounts: asked now, they arrive with the list instead of
    // queueing behind the thumbnails for the browser's six connections and re-rendering the page while those load.
    void queryClient.prefetchQuery(currentUserQueryOptions());
    void queryClient.prefetchQuery(modelCatalogQueryOptions());
    void queryClient.prefetchQuery(brandsQueryOptions());
  }
  if (location.pathname === '/brands') void queryClient.prefetchQuery(allBrandsQueryOptions());
  if (location.pathname === '/webhooks') void queryClient.prefetchQuery(webhooksQueryOptions());
}
