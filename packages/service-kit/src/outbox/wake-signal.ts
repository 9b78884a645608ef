/**
 * Lets the relay loop sleep until its next poll unless something wakes it first. A wake that arrives while the
 * loop is busy is remembered, so a NOTIFY during a batch is not lost.
 */
export interface WakeSignal {
  wake(): void;
  /** resolves after `ms`, or at once on a wake (a pending one included) unless `ignoreWakes` */
  wait(ms: number, options?: { ignoreWakes?: boolean }): Promise<void>;
  /** ends any wait now, wakes ignored or not (used to stop) */
  interrupt(): void;
}

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let current: { resolve: () => void; ignoreWakes: boolean } | null = null;

  const finish = () => {
    const waiting = current;
    current = null;
    waiting?.resolve();
  };

  return {
    wake() {
      pending = true;
      if (current && !current.ignoreWakes) finish();
    },
    interrupt() {
      finish();
    },
    wait(ms, options = {}) {
      const ignoreWakes = options.ignoreWakes ?? false;
      if (pending && !ignoreWakes) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(finish, ms);
        current = {
          ignoreWakes,
          resolve: () => {
            clearTimeout(timer);
            pending = false;
            resolve();
          },
        };
      });
    },
  };
}
