/** What is done to the camera's background before anyone sees it. */
export type Background = 'none' | BackgroundEffect;
export type BackgroundEffect = 'blur' | 'colour';

export const BACKGROUNDS: readonly { value: Background; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'blur', label: 'Blur' },
  { value: 'colour', label: 'Colour' },
];

/** The background pipeline's module: megabytes with its model, so it loads when first chosen. */
export const loadBackgroundPipeline = () => import('./background/pipeline');
