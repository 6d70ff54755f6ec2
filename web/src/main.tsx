import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { preloadPageAt } from './app/pages.ts';
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

preloadPageAt(window.location.pathname);
prefetchRouteData(queryClient, window.location);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks the #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Router>
        <AppRoutes />
      </Router>
    </QueryClientProvider>
  </StrictMode>,
);
preloadImageViewer();
