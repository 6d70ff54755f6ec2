import { createElement, lazy, useState, type ComponentType } from 'react';

/** A page loaded on first use: its own script chunk, fetched once, whether by a visit or by a preload. */
export interface LazyPage {
  Component: ComponentType;
  preload: () => Promise<ComponentType>;
}

function lazyPage(load: () => Promise<ComponentType>): LazyPage {
  let loading: Promise<ComponentType> | undefined;
  let loaded: ComponentType | undefined;
  const preload = () =>
    (loading ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  const OnDemand = lazy(async () => ({ default: await preload() }));
  // A page whose chunk is already here renders at once. Through lazy() it would suspend for a microtask all the same,
  // and React then holds the page back until its fallback has shown for 300 ms. Chosen once per mount, so a page
  // never changes component type (and loses its state) when its chunk arrives.
  function Page() {
    const [Component] = useState<ComponentType>(() => loaded ?? OnDemand);
    return createElement(Component);
  }
  return { Component: Page, preload };
}

// Each page is its own chunk, so the first visit downloads the shell and one page, not the whole app.
export const pages = {
  generate: lazyPage(async () => (await import('../features/generate/components/generate-page.tsx')).GeneratePage),
  history: lazyPage(async () => (await import('../features/library/components/history-page.tsx')).HistoryPage),
  templates: lazyPage(async () => (await import('../features/templates/components/templates-page.tsx')).TemplatesPage),
  batch: lazyPage(async () => (await import('../features/batches/components/batch-page.tsx')).BatchPage),
  projects: lazyPage(async () => (await import('../features/projects/components/projects-page.tsx')).ProjectsPage),
  project: lazyPage(async () => (await import('../features/projects/components/project-page.tsx')).ProjectPage),
  brands: lazyPage(async () => (await import('../features/brands/components/brands-page.tsx')).BrandsPage),
  tokens: lazyPage(async () => (await import('../features/tokens/components/tokens-page.tsx')).ApiTokensPage),
  webhooks: lazyPage(async () => (await import('../features/webhooks/components/webhooks-page.tsx')).WebhooksPage),
  settings: lazyPage(async () => (await import('../features/settings/components/settings-page.tsx')).SettingsPage),
  device: lazyPage(async () => (await import('../features/device/components/device-page.tsx')).DevicePage),
  notFound: lazyPage(async () => (await import('./not-found-page.tsx')).NotFoundPage),
} satisfies Record<string, LazyPage>;

/** The page an address shows: one of the app's pages, else the page that says there is none. */
export function pageAt(pathname: string): LazyPage {
  const [first = '', second] = pathname.split('/').filter(Boolean);
  if (first === '') return pages.generate;
  if (first === 'projects' && second !== undefined) return pages.project;
  const named = Object.hasOwn(pages, first) && !['generate', 'project', 'notFound'].includes(first);
  return named ? pages[first as keyof typeof pages] : pages.notFound;
}

/** Starts downloading a page's chunk (on start for the address opened, on hover or focus for a link to it). */
export function preloadPageAt(pathname: string): void {
  void pageAt(pathname)?.preload();
}
