/**
 * Runs `attempt` until it succeeds, waiting 250 ms more after each failure (at most 5 s), and telling `onRetry`
 * why: a consumer that boots while Kafka or PostgreSQL is away joins once they are back, without a tight loop.
 */
export async function keepTrying(
  attempt: () => Promise<void>,
  onRetry: (error: unknown, attempt: number) => void,
): Promise<number> {
  for (let count = 1; ; count += 1) {
    try {
      await attempt();
      return count;
    } catch (error) {
      onRetry(error, count);
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * count)));
    }
  }
}
