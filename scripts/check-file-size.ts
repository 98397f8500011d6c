// Keeps the API's files small enough to read: fails (exit 1, listing them) when a non-test .ts file
// under apps/api/src is over MAX_LINES lines without a reason written at its top, as a comment line
// starting `// Over 300 lines because ` within its first HEADER_LINES lines. `npm run lint` runs it.
//
//   node --import tsx scripts/check-file-size.ts [dir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_LINES = 300;
export const HEADER_LINES = 15;
const REASON = /^\s*\/\/ Over 300 lines because \S/;

/** Lines as an editor numbers them: a final newline does not start another line. */
export const lineCount = (text: string) =>
  text === '' ? 0 : text.replace(/\r?\n$/, '').split(/\r?\n/).length;

export const hasReason = (text: string) =>
  text.split(/\r?\n/, HEADER_LINES).some((line) => REASON.test(line));

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (entry.name.endsWith('.ts') && !/\.test\.ts$/.test(entry.name)) yield full;
  }
}

/** The files over the limit with no reason given, with their line counts, sorted by path. */
export function oversized(dir: string): { file: string; lines: number }[] {
  const found: { file: string; lines: number }[] = [];
  for (const file of sourceFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = lineCount(text);
    if (lines > MAX_LINES && !hasReason(text)) found.push({ file, lines });
  }
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.resolve(root, process.argv[2] ?? 'apps/api/src');
  const bad = oversized(dir);
  if (bad.length) {
    console.error(
      `${bad.length} file(s) over ${MAX_LINES} lines without a reason: split them by job, or write ` +
        `"// Over ${MAX_LINES} lines because …" in their first ${HEADER_LINES} lines.`,
    );
    for (const b of bad) console.error(`  ${path.relative(root, b.file)}: ${b.lines} lines`);
    process.exit(1);
  }
}
