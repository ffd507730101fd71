import { listOption, numberOption } from './results.js';

/** The options of every benchmark that measures a call of N browsers (bench:uplink, bench:mesh). */
export const MESH_OPTIONS = {
  sizes: { type: 'string' },
  window: { type: 'string' },
  warmup: { type: 'string' },
  'small-from': { type: 'string' },
  smoke: { type: 'boolean', default: false },
} as const;

/** What `parseOptions` gives for MESH_OPTIONS. */
interface MeshValues {
  sizes?: string;
  window?: string;
  warmup?: string;
  'small-from'?: string;
  smoke?: boolean;
}

export interface MeshOptions {
  /** How many people, one call per size. */
  sizes: number[];
  windowMs: number;
  warmupMs: number;
  /** From this size on, cameras capture 320x240@15 (2 cores cannot encode more). */
  smallFrom: number;
  smoke: boolean;
}

/** A benchmark's own defaults: the sizes (full run and smoke run) and the warm-up in seconds. */
export interface MeshDefaults {
  sizes: number[];
  smokeSizes: number[];
  warmup: number;
}

export function meshOptions(values: MeshValues, defaults: MeshDefaults, usage: string): MeshOptions {
  const smoke = values.smoke ?? false;
  const options = {
    sizes: listOption(values.sizes, 'sizes', smoke ? defaults.smokeSizes : defaults.sizes),
    windowMs: numberOption(values.window, 'window', smoke ? 3 : 10) * 1000,
    warmupMs: numberOption(values.warmup, 'warmup', smoke ? 2 : defaults.warmup) * 1000,
    smallFrom: numberOption(values['small-from'], 'small-from', 6),
    smoke,
  };
  if (options.sizes.some((n) => n < 2)) throw new Error(usage);
  return options;
}
