// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package.
import fs from 'node:fs';

export function summariseProfile(file: string, top = 25) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
      children?: number[];
    }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const short = url.replace(/.*node_modules\//, '').replace(/.*\/work\/main\//, '');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${short}:${n.callFrame.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + t);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const group = m
      ? m[1]
      : url.startsWith('node:') || !url
        ? n.callFrame.functionName.startsWith('(')
          ? n.callFrame.functionName
          : 'node internals'
        : short.split('/').slice(0, 4).join('/');
    pkg.set(group, (pkg.get(group) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1)}%`;
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `total sampled: ${(total / 1000).toFixed(0)} ms`,
    '',
    'self time by package / area:',
    ...sort(pkg).map(([k, t]) => `  ${pct(t).padStart(6)}  ${k}`),
    '',
    'self time by function:',
    ...sort(fn).map(([k, t]) => `  ${pct(t).padStart(6)}  ${k}`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(summariseProfile(process.argv[2], Number(process.argv[3] ?? 30)));
}
