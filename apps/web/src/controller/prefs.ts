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
