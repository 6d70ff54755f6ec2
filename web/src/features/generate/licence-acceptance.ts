const prefix = 'brandgen.licence-accepted.';

/** Whether this browser has already confirmed the licence warning of a model (so it is asked once, not every time). */
export function hasAcceptedLicence(modelId: string): boolean {
  try {
    return window.localStorage.getItem(prefix + modelId) !== null;
  } catch {
    return false;
  }
}

export function acceptLicence(modelId: string): void {
  try {
    window.localStorage.setItem(prefix + modelId, new Date().toISOString());
  } catch {
    // Private windows may refuse storage; the question then comes again next time, which is safe.
  }
}
