/** The app's pages in the order the header lists them. A feature adds its page here and in routes.tsx. */
export interface NavigationItem {
  path: string;
  label: string;
}

export const navigationItems: NavigationItem[] = [
  { path: '/', label: 'Generate' },
  { path: '/history', label: 'History' },
  { path: '/templates', label: 'Templates' },
  { path: '/batch', label: 'Batch' },
  { path: '/projects', label: 'Projects' },
  { path: '/brands', label: 'Brands' },
  { path: '/tokens', label: 'API tokens' },
  { path: '/webhooks', label: 'Webhooks' },
  { path: '/settings', label: 'Settings' },
];
