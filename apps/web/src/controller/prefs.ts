/** What this device remembers between visits. Storage can be blocked (private modes): never throw. */
const NAME_KEY = 'parley:name';

export function loadName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Not remembered this time; nothing else depends on it.
  }
}

const DEVICE_KEY = 'parley:device-key';

/**
 * A random key for this browser, sent with joins and knocks: the server recognises a participant
 * it removed when they come back (they must knock). Not a secret and not an identity elsewhere.
 */
export function deviceKey(): string {
  try {
    const kept = localStorage.getItem(DEVICE_KEY);
    if (kept && /^[A-Za-z0-9_-]{16,64}$/.test(kept)) return kept;
  } catch {
    // Storage blocked: a key for this page only.
  }
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const key = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
  try {
    localStorage.setItem(DEVICE_KEY, key);
  } catch {
    // Not remembered; the next visit makes another.
  }
  return key;
}
