/** The download arrow used on image tiles; decorative, so the control around it carries the label. */
export function DownloadIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" focusable="false">
      <path
        d="M8 2v8m0 0 3.5-3.5M8 10 4.5 6.5M3 13h10"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
