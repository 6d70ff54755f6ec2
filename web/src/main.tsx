import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pageAt } from './app/pages.ts';
import { prefetchRouteData } from './app/prefetch-route-data.ts';
import { preloadImageViewer } from './features/images/components/lazy-image-viewer.tsx';
import { AppRoutes } from './app/routes.tsx';
import { Router } from './app/router.tsx';
import './ui/tokens.css';
import './ui/card.css';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // Jobs are kept current by live updates, not by refetching whenever the tab regains focus.
    queries: { refetchOnWindowFocus: false, retry: 1 },
    // Starting a job twice because of a retry would spend generation time nobody asked for.
    mutations: { retry: false },
  },
});

// The opened page's chunk and its data are asked for at once, side by side.
const firstPage = pageAt(window.location.pathname).preload();
prefetchRouteData(queryClient, window.location);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks the #root element');

// The first page's chunk is awaited before the first render: rendered through a suspended lazy page instead, React
// would hold the page back until its loading placeholder had shown for 300 ms.
void firstPage
  .catch(() => undefined)
  .then(() =>
    createRoot(root).render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <Router>
            <AppRoutes />
          </Router>
        </QueryClientProvider>
      </StrictMode>,
    ),
  );
preloadImageViewer();
