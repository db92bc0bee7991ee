import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * Brings the element `id` into view when the address ends in `#id` (a notice's link to a card far down a page), once
 * `ready` says the card has its content.
 */
export function useScrollToHash(id: string, ready: boolean): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (ready && hash === `#${id}`) document.getElementById(id)?.scrollIntoView({ block: 'start' });
  }, [hash, id, ready]);
}
