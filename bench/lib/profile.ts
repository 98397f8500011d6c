// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package, and
// (with `inclusive`) time including callees by function. `window` keeps only the samples taken
// between two CLOCK_MONOTONIC instants in µs (`process.hrtime.bigint() / 1000n` in any process on
// the machine: V8 stamps its samples on the same clock), so one phase of a benchmark can be read
// on its own.
import fs from 'node:fs';

export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export function summariseProfile(
  file: string,
  top = 25,
  opts: { window?: ProfileWindow[]; inclusive?: boolean } = {},
) {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: {
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
      children?: number[];
    }[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (opts.window && !opts.window.some((w) => t >= w.fromUs && t <= w.toUs)) return;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const keyOf = (id: number) => {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const short = url.replace(/.*node_modules\//, '').replace(/.*\/work\/(main|wt\/[^/]+)\//, '');
    return `${n.callFrame.functionName || '(anonymous)'} ${short}:${n.callFrame.lineNumber + 1}`;
  };
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()]
    .filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)')
    .reduce((a, [, v]) => a + v, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, dt] of self) {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const short = url.replace(/.*node_modules\//, '').replace(/.*\/work\/(main|wt\/[^/]+)\//, '');
    const key = keyOf(id);
    fn.set(key, (fn.get(key) ?? 0) + dt);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const group = m
      ? m[1]
      : url.startsWith('node:') || !url
        ? n.callFrame.functionName.startsWith('(')
          ? n.callFrame.functionName
          : 'node internals'
        : short.split('/').slice(0, 4).join('/');
    pkg.set(group, (pkg.get(group) ?? 0) + dt);
    if (opts.inclusive) {
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const k = keyOf(at);
        if (seen.has(k)) continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt);
      }
    }
  }
  const busy = total - idle;
  const pct = (v: number) => `${((100 * v) / total).toFixed(1)}%`;
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `total sampled: ${(total / 1000).toFixed(0)} ms (busy ${(busy / 1000).toFixed(0)} ms)`,
    '',
    'self time by package / area:',
    ...sort(pkg).map(([k, v]) => `  ${pct(v).padStart(6)}  ${k}`),
    '',
    'self time by function:',
    ...sort(fn).map(([k, v]) => `  ${pct(v).padStart(6)}  ${k}`),
    ...(opts.inclusive
      ? [
          '',
          'time including callees, by function:',
          ...sort(incl)
            .filter(([k]) => !/^\((root|idle|program)\)/.test(k))
            .map(([k, v]) => `  ${pct(v).padStart(6)}  ${k}`),
        ]
      : []),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // bench/lib/profile.ts <file.cpuprofile> [top] [marks.json, from bench/turn.ts, to window by]
  const marks = process.argv[4]
    ? (JSON.parse(fs.readFileSync(process.argv[4], 'utf8')) as ProfileWindow[])
    : undefined;
  console.log(
    summariseProfile(process.argv[2], Number(process.argv[3] ?? 30), {
      window: marks,
      inclusive: !!marks || !!process.env.INCLUSIVE,
    }),
  );
}
