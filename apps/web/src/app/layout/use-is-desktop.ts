import { useSyncExternalStore } from 'react';

// antd's `md` breakpoint. Below it the side menu becomes a drawer opened from the header.
const QUERY = '(min-width: 768px)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** Read synchronously (unlike antd's Grid.useBreakpoint), so a phone never flashes the desktop layout. */
export function useIsDesktop(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(QUERY).matches);
}
