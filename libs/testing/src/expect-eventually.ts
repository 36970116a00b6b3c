/**
 * Retries an assertion until it passes or the deadline is reached, then throws its last failure.
 * Tests wait for outcomes this way, never with fixed sleeps.
 */
export async function expectEventually<T>(
  assertion: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30000);
  const interval = options.intervalMs ?? 100;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
