import { Suspense, type ReactNode } from 'react';
import { AccountMenu } from '../features/account/components/account-menu.tsx';
import { ShortcutsDialog } from './shortcuts-dialog.tsx';
import { navigationItems } from './navigation.ts';
import { preloadPageAt } from './pages.ts';
import { NavigationLink } from './router.tsx';

/** The frame every page shares: a skip link, the header with the navigation, and the page itself. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <span className="brand-mark" aria-hidden="true">
            <span />
            <span />
            <span />
            <span />
          </span>
          <span className="brand-name">Brandgen</span>
          {navigationItems.length > 1 && (
            <nav className="site-nav" aria-label="Main">
              {navigationItems.map((item) => (
                <NavigationLink
                  key={item.path}
                  to={item.path}
                  end={item.path === '/'}
                  className="site-nav-link"
                  onPointerEnter={() => preloadPageAt(item.path)}
                  onFocus={() => preloadPageAt(item.path)}
                >
                  {item.label}
                </NavigationLink>
              ))}
            </nav>
          )}
          <AccountMenu />
        </div>
      </header>
      <div id="main" tabIndex={-1}>
        {/* The page's own chunk is usually there already (preloaded on start or on hover); the space stays reserved. */}
        <Suspense fallback={<div className="page-loading" aria-busy="true" />}>{children}</Suspense>
      </div>
      <ShortcutsDialog />
    </>
  );
}
