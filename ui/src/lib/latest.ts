// Search as you type without a queue: at most one search runs; keystrokes
// made meanwhile are folded into one more, for the newest text.

/**
 * Wraps `task` so that one call runs at a time: calls made while it runs are
 * dropped but the last, which runs when it ends. `task` handles its errors.
 */
export function latestOnly<T>(task: (value: T) => Promise<void>): (value: T) => void {
  let running = false;
  let waiting: { value: T } | null = null;
  async function run(value: T) {
    running = true;
    try {
      await task(value);
    } finally {
      running = false;
    }
    if (waiting) {
      const next = waiting.value;
      waiting = null;
      void run(next);
    }
  }
  return (value: T) => {
    if (running) waiting = { value };
    else void run(value);
  };
}
