/**
 * The app's routing, over wouter: a router of about 2 kB gzip where react-router took about 13 kB of the 100 kB the
 * first page may load. Pages import routing from here only, so the router behind it stays one file's concern.
 */
import { useCallback, type FocusEventHandler, type PointerEventHandler, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';

export { Link, Route, Router, Switch, useParams, useSearchParams } from 'wouter';

type NavigateTarget = string | { pathname: string; search?: string };

/** The address of a path with its query string (given with or without its `?`). */
export function addressOf(to: NavigateTarget): string {
  if (typeof to === 'string') return to;
  const search = to.search?.replace(/^\?/, '');
  return search ? `${to.pathname}?${search}` : to.pathname;
}

/** Goes to another page: a path, or a path with its query string. */
export function useNavigate(): (to: NavigateTarget, options?: { replace?: boolean }) => void {
  const [, navigate] = useLocation();
  // Stable while wouter's own navigate is, so callers can list it among a hook's dependencies.
  return useCallback((to, options) => navigate(addressOf(to), options), [navigate]);
}

interface NavigationLinkProps {
  to: string;
  /** Only the exact address counts as current (the home page), not every address below it. */
  end?: boolean;
  className: string;
  children: ReactNode;
  onPointerEnter?: PointerEventHandler<HTMLAnchorElement>;
  onFocus?: FocusEventHandler<HTMLAnchorElement>;
}

/** A navigation link that says it is the current page (`aria-current`, and the `active` class for its look). */
export function NavigationLink({ to, end = false, className, ...rest }: NavigationLinkProps) {
  const [location] = useLocation();
  const current = end ? location === to : location === to || location.startsWith(`${to.replace(/\/$/, '')}/`);
  return <Link {...rest} to={to} className={current ? `${className} active` : className} aria-current={current ? 'page' : undefined} />;
}
