import { describe, expect, it } from 'vitest';
import { megabytes } from './bytes';

describe('megabytes', () => {
  it('reads the default limits (10 MiB, 100 MiB) in one unit: 10 MB and 100 MB, not 105', () => {
    expect(megabytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(megabytes(100 * 1024 * 1024)).toBe('100 MB');
  });
  it('one decimal when not whole, thousands separated, "?" when unknown', () => {
    expect(megabytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(megabytes(1024 * 1024 * 1024)).toBe('1,024 MB');
    expect(megabytes(undefined)).toBe('?');
  });
});
