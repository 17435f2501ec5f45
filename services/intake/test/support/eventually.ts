/**
 * Read models follow the event store asynchronously (and the PostgreSQL adapter shows an event to
 * readers only once no older transaction is still open), so a test waits for the expected rows.
 */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
