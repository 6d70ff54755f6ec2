import { AppShell } from './app-shell.tsx';
import { pages } from './pages.ts';
import { Route, Switch } from './router.tsx';

export function AppRoutes() {
  return (
    <AppShell>
      <Switch>
        <Route path="/" component={pages.generate.Component} />
        <Route path="/tokens" component={pages.tokens.Component} />
        <Route path="/device" component={pages.device.Component} />
        <Route path="/history" component={pages.history.Component} />
        <Route path="/templates" component={pages.templates.Component} />
        <Route path="/batch" component={pages.batch.Component} />
        <Route path="/settings" component={pages.settings.Component} />
        <Route path="/projects" component={pages.projects.Component} />
        <Route path="/projects/:id" component={pages.project.Component} />
        <Route path="/brands" component={pages.brands.Component} />
        <Route path="/webhooks" component={pages.webhooks.Component} />
        <Route component={pages.notFound.Component} />
      </Switch>
    </AppShell>
  );
}
