import type { SelectHTMLAttributes } from 'react';
import './select.css';

/**
 * The app's select: the native control, so keyboards, screen readers and phone pickers work as people expect, drawn
 * in the app's own look (border, radius, chevron, focus ring, error state) rather than the browser's default.
 */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={['select', className].filter(Boolean).join(' ')} />;
}
