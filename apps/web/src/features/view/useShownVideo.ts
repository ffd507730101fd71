import { type RefCallback, useCallback } from 'react';
import { useFeatures } from '../FeaturesContext';

/**
 * Reports the on-screen size of the element showing one of a peer's videos (its height times the
 * device pixel ratio, 0 while it is scrolled out of view) for as long as it is mounted. Returns the
 * ref to put on that element; `peerId` undefined reports nothing (our own tiles).
 */
export function useShownVideo(
  peerId: string | undefined,
  kind: 'camera' | 'screen',
): RefCallback<HTMLElement> {
  const { view } = useFeatures();
  return useCallback(
    (element: HTMLElement | null) => {
      if (!element || !peerId) return;
      const shown = view.show(peerId, kind);
      // Unknown until the first layout; nothing is reported before it.
      let height: number | null = null;
      let visible = true;
      const report = () => {
        if (height !== null) shown.resize(visible ? Math.round(height * window.devicePixelRatio) : 0);
      };
      const size = new ResizeObserver(([entry]) => {
        if (!entry) return;
        height = entry.contentRect.height;
        report();
      });
      const seen = new IntersectionObserver(([entry]) => {
        if (!entry) return;
        visible = entry.isIntersecting;
        report();
      });
      size.observe(element);
      seen.observe(element);
      return () => {
        size.disconnect();
        seen.disconnect();
        shown.remove();
      };
    },
    [view, peerId, kind],
  );
}
