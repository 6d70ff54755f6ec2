const DAY_MS = 24 * 60 * 60 * 1000;

/** "Kept as a favorite", "Expires in 12 days", "Expires today": when retention will remove an image. */
export function formatExpiry(image: { favorite: boolean; expires_at: string | null }, now = Date.now()): string {
  if (image.favorite) return 'Kept as a favorite';
  if (image.expires_at === null) return 'Kept';
  const days = Math.floor((Date.parse(image.expires_at) - now) / DAY_MS);
  if (days <= 0) return 'Expires today';
  if (days === 1) return 'Expires tomorrow';
  return `Expires in ${days} days`;
}
