// scripts/check-file-size.ts (run by `npm run lint`): which API files it lets through, on a
// throwaway tree so the answer does not depend on the repository's own files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineCount, oversized } from '../../../scripts/check-file-size.ts';

const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/check-file-size.ts');
const lines = (n: number, head: string[] = []) =>
  [...head, ...Array.from({ length: n - head.length }, (_, i) => `export const v${i} = ${i};`)].join('\n') +
  '\n';
const REASON = '// Over 300 lines because it is one table per interface.';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-size-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('ok/at-limit.ts', lines(300));
  write('bad/long.ts', lines(301));
  write('ok/reasoned.ts', lines(400, ['// What this file does.', REASON]));
  // The reason must be near the top, where a reader opening the file sees it.
  write('bad/late-reason.ts', lines(400, [...Array.from({ length: 15 }, () => '// …'), REASON]));
  write('bad/empty-reason.ts', lines(320, ['// Over 300 lines because ']));
  write('ok/long.test.ts', lines(900));
  write('ok/notes.md', lines(900));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('check-file-size', () => {
  it('counts lines as an editor numbers them', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a')).toBe(1);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\r\nb\r\n')).toBe(2);
    expect(lineCount('a\n\n')).toBe(2);
  });

  it('lists files over 300 lines without a reason in their first 15 lines, and only those', () => {
    expect(oversized(dir).map((f) => [path.relative(dir, f.file), f.lines])).toEqual([
      [path.join('bad', 'empty-reason.ts'), 320],
      [path.join('bad', 'late-reason.ts'), 400],
      [path.join('bad', 'long.ts'), 301],
    ]);
  });

  it('exits 1 naming the files when some are found, 0 when none are', () => {
    const run = (target: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, target], { encoding: 'utf8' });
    const failed = run(dir);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('long.ts: 301 lines');
    expect(failed.stderr).not.toContain('reasoned.ts');
    const passed = run(path.join(dir, 'ok'));
    expect(passed.status).toBe(0);
    expect(passed.stderr).toBe('');
  });
});
