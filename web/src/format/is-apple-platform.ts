/** Apple keyboards say ⌘ where others say Ctrl; the hint should match the keys the person has. */
export function isApplePlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /Mac|iPhone|iPad|iPod/i.test(navigator.userAgent);
}
