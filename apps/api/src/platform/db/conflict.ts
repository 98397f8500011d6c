// PostgreSQL aborts one side of a deadlock (40P01) or a serialization failure (40001) and expects
// the client to run the transaction again. Only a whole transaction can be retried, never a part.

const CONFLICT = new Set(['40P01', '40001']);

export const isConflict = (err: unknown) =>
  CONFLICT.has(String((err as { code?: unknown } | null)?.code ?? ''));

/**
 * Runs `transaction` again (up to `attempts` times in all, after a short random pause) when the
 * database aborted it as one side of a conflict. Any other error, or the last conflict, is thrown.
 */
export async function retryOnConflict<T>(transaction: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (attempt >= attempts || !isConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * attempt));
    }
  }
}
