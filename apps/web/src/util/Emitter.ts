/**
 * A typed event emitter for the call's owners (session, mesh, local media, ICE credentials): each
 * declares its events as a map of listener signatures, and whoever wires them subscribes. An owner
 * never learns who listens, so none of them imports the facade that owns it.
 */
// biome-ignore lint/suspicious/noExplicitAny: listener signatures are declared by each owner's event map
type Listener = (...args: any[]) => void;

export class Emitter<Events extends { [E in keyof Events]: Listener }> {
  private readonly listeners = new Map<keyof Events, Set<Listener>>();

  /** Subscribes; answers the unsubscribe function. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  protected emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  protected removeAllListeners(): void {
    this.listeners.clear();
  }
}
