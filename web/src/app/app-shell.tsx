import { NavLink, Outlet } from 'react-router';
import { AccountMenu } from '../components/account-menu.tsx';
import { ShortcutsDialog } from '../components/shortcuts-dialog.tsx';
import { navigationItems } from './navigation.ts';

/** The frame every page shares: a skip link, the header with the navigation, and the page itself. */
export function AppShell() {
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
                <NavLink key={item.path} to={item.path} end={item.path === '/'} className="site-nav-link">
                  {item.label}
                </NavLink>
              ))}
            </nav>
          )}
          <AccountMenu />
        </div>
      </header>
      <div id="main" tabIndex={-1}>
        <Outlet />
      </div>
      <ShortcutsDialog />
    </>
  );
}
