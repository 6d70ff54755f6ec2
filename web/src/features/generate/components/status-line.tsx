interface StatusLineProps {
  message: string;
  tone: 'neutral' | 'busy' | 'success' | 'error';
}

/**
 * The one polite live region of the page. It is always rendered (empty when idle) because screen readers
 * only announce changes to live regions that already existed.
 */
export function StatusLine({ message, tone }: StatusLineProps) {
  return (
    <p className="status-line" data-tone={tone} role="status" aria-live="polite" aria-atomic="true">
      {message}
    </p>
  );
}
