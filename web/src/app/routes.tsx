import { Route, Routes } from 'react-router';
import { AppShell } from './app-shell.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { pages } from './pages.ts';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<pages.generate.Component />} />
        <Route path="tokens" element={<pages.tokens.Component />} />
        <Route path="device" element={<pages.device.Component />} />
        <Route path="history" element={<pages.history.Component />} />
        <Route path="templates" element={<pages.templates.Component />} />
        <Route path="batch" element={<pages.batch.Component />} />
        <Route path="settings" element={<pages.settings.Component />} />
        <Route path="projects" element={<pages.projects.Component />} />
        <Route path="projects/:id" element={<pages.project.Component />} />
        <Route path="brands" element={<pages.brands.Component />} />
        <Route path="webhooks" element={<pages.webhooks.Component />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
