/**
 * Runs one socket's tasks one after another, in arrival order. A join that is still waiting on
 * the store then cannot race the same socket's leave, signal or disconnect.
 */
export function createSerialQueue(onError: (error: unknown) => void): (task: () => Promise<void>) => void {
  let tail: Promise<void> = Promise.resolve();
  return (task) => {
    tail = tail.then(task).catch(onError);
  };
}
