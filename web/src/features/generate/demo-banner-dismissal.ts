const key = 'brandgen.demo-banner-dismissed';

/** Whether this browser has put the demo note away (the model list still says "Demo (offline, not AI)"). */
export function isDemoBannerDismissed(): boolean {
  try {
    return window.localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

export function dismissDemoBanner(): void {
  try {
    window.localStorage.setItem(key, new Date().toISOString());
  } catch {
    // Private windows may refuse storage; the note then comes back on the next visit, which is harmless.
  }
}
