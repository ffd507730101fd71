export type Validators = typeof import('./validators');

let loaded: Validators | undefined;
let loading: Promise<Validators> | undefined;

/** Loads the control-message validators (once; later calls share the load). */
export function loadValidators(): Promise<Validators> {
  loading ??= import('./validators').then((validators) => {
    loaded = validators;
    return validators;
  });
  // A failed load (offline for a moment) is tried again by the next caller.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The validators if they have loaded, else undefined. */
export function loadedValidators(): Validators | undefined {
  return loaded;
}

/** Loads them when the browser is idle (after join, so as not to compete with the call setup). */
export function prefetchValidators(): void {
  const load = () => void loadValidators().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 3_000 });
  else setTimeout(load, 1_000);
}
