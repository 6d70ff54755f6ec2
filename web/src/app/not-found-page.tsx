import { Link } from './router.tsx';

/** Any address the app does not know, in the app's own empty-state look with a way back. */
export function NotFoundPage() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <div className="empty-state">
        <p>There is nothing at this address. It may have been mistyped, or the page has moved.</p>
        <Link className="button button-primary not-found-action" to="/">
          Go to Generate
        </Link>
      </div>
    </main>
  );
}
