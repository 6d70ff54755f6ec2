import { Route, Routes } from 'react-router';
import { ApiTokensPage } from '../components/api-tokens-page.tsx';
import { DevicePage } from '../components/device-page.tsx';
import { GeneratePage } from '../components/generate-page.tsx';
import { HistoryPage } from '../components/history/history-page.tsx';
import { TemplatesPage } from '../features/templates/components/templates-page.tsx';
import { BatchPage } from '../components/batch/batch-page.tsx';
import { SettingsPage } from '../components/settings-page.tsx';
import { ProjectPage } from '../components/projects/project-page.tsx';
import { ProjectsPage } from '../components/projects/projects-page.tsx';
import { BrandsPage } from '../features/brands/components/brands-page.tsx';
import { WebhooksPage } from '../features/webhooks/components/webhooks-page.tsx';
import { AppShell } from './app-shell.tsx';
import { NotFoundPage } from './not-found-page.tsx';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<GeneratePage />} />
        <Route path="tokens" element={<ApiTokensPage />} />
        <Route path="device" element={<DevicePage />} />
        <Route path="history" element={<HistoryPage />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route path="batch" element={<BatchPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="projects" element={<ProjectsPage />} />
        <Route path="projects/:id" element={<ProjectPage />} />
        <Route path="brands" element={<BrandsPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
