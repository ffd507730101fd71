import { quantiseHeight, THUMBNAIL_HEIGHT, type ViewRequest } from '../../rtc/sendPlan';

export interface ReceiveModes {
  /** The page is hidden (another tab, a minimised window). */
  hidden: boolean;
  audioOnly: boolean;
  dataSaver: boolean;
}

/**
 * What we ask one sender for, from the device-pixel heights of the tiles that show its camera
 * and its screen (none: not shown) and how we receive.
 */
export function requestFor(
  shown: { camera: readonly number[]; screen: readonly number[] },
  modes: ReceiveModes,
): ViewRequest {
  const ask = (heights: readonly number[]) => {
    if (modes.hidden || modes.audioOnly || heights.length === 0) return 0;
    const height = quantiseHeight(Math.max(...heights));
    return modes.dataSaver ? Math.min(height, THUMBNAIL_HEIGHT) : height;
  };
  return { camera: ask(shown.camera), screen: ask(shown.screen) };
}
