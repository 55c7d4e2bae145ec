/**
 * Turns many concurrent single-item writes into few batched ones without a timer: the
 * first item starts a flush on the next tick; items arriving while a flush is in flight
 * wait for the next flush and go together. Each caller learns its own batch's outcome.
 */
export function coalesce<T>(flush: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let queued: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let flushing = false;

  async function drain() {
    flushing = true;
    while (queued.length) {
      const batch = queued;
      queued = [];
      try {
        await flush(batch.map((q) => q.item));
        for (const q of batch) q.resolve();
      } catch (error) {
        for (const q of batch) q.reject(error);
      }
    }
    flushing = false;
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queued.push({ item, resolve, reject });
      if (!flushing) {
        flushing = true;
        setImmediate(() => void drain());
      }
    });
}
