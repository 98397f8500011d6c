import { describe, expect, it } from 'vitest';
import { isConflict, retryOnConflict } from './conflict.ts';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('retryOnConflict', () => {
  it('runs a transaction the database aborted as a deadlock or serialization failure again', async () => {
    const codes = ['40P01', '40001'];
    let runs = 0;
    const result = await retryOnConflict(async () => {
      const code = codes[runs++];
      if (code) throw pgError(code);
      return 'done';
    });
    expect(result).toBe('done');
    expect(runs).toBe(3);
  });

  it('throws any other error at once, and the last conflict once attempts are spent', async () => {
    let runs = 0;
    await expect(
      retryOnConflict(async () => {
        runs++;
        throw pgError('23505');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
    runs = 0;
    await expect(
      retryOnConflict(async () => {
        runs++;
        throw pgError('40P01');
      }, 2),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(runs).toBe(2);
  });

  it('knows a conflict by its SQLSTATE only', () => {
    expect(isConflict(pgError('40P01'))).toBe(true);
    expect(isConflict(new Error('deadlock detected'))).toBe(false);
    expect(isConflict(null)).toBe(false);
  });
});
