export type Task = () => void | Promise<void>;

/**
 * Runs one socket's tasks one after another, in arrival order: a join still waiting on the store
 * then cannot race the same socket's leave, signal or disconnect. A task that arrives while nothing
 * is pending runs at once, and if it finishes synchronously (a signal relayed through the in-memory
 * store) no promise is made at all: the common case costs nothing.
 */
export function createSerialQueue(onError: (error: unknown) => void): (task: Task) => void {
  let pending = 0;
  // Made on the first task that has to wait: most sockets never need one.
  let tail: Promise<void> | undefined;
  const settle = () => {
    pending--;
  };
  return (task) => {
    if (pending === 0) {
      let result: void | Promise<void>;
      try {
        result = task();
      } catch (error) {
        onError(error);
        return;
      }
      if (!(result instanceof Promise)) return;
      pending++;
      tail = result.catch(onError).finally(settle);
      return;
    }
    pending++;
    tail = (tail ?? Promise.resolve()).then(task).catch(onError).finally(settle);
  };
}
