// Keystroke-to-results timings for the latency script (tests/e2e/perf,
// BENCHMARKS.md): kept in the page only when that script has asked (it sets
// `window.__clienteleLatency = {}`), so a search in daily use does no
// measuring and nothing piles up. Never sent anywhere.

type Timings = Record<string, { ms: number; answerMs: number; updatedMs: number; frameMs: number }[] | undefined>;

/**
 * Records, under `window.__clienteleLatency[what]`, the time from `since` (the
 * keystroke) to the end of the first frame drawn after the DOM took the
 * results: a frame's callbacks run before it is painted, and a task queued
 * from one runs after. `answered` is when the core's answer came back; also
 * kept: when the DOM had the results (now) and when that frame began.
 */
export function recordOnScreen(what: string, since: number, answered: number): void {
  const all = (window as unknown as { __clienteleLatency?: Timings }).__clienteleLatency;
  if (!all) return;
  const updated = performance.now();
  requestAnimationFrame(() => {
    const frame = performance.now();
    setTimeout(() => {
      (all[what] ??= []).push({ ms: performance.now() - since, answerMs: answered - since, updatedMs: updated - since, frameMs: frame - since });
    });
  });
}
