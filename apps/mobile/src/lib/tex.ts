/**
 * Turns the small TeX that tutors write ($x^2 + \frac{1}{2}$, \alpha, \sqrt{x}, \le …) into
 * readable Unicode text. It never produces markup: the result is shown as plain text, so maths
 * from a model can't inject anything.
 */
const SYMBOLS: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  times: '×',
  cdot: '·',
  div: '÷',
  pm: '±',
  mp: '∓',
  le: '≤',
  leq: '≤',
  ge: '≥',
  geq: '≥',
  ne: '≠',
  neq: '≠',
  approx: '≈',
  equiv: '≡',
  sim: '∼',
  propto: '∝',
  infty: '∞',
  partial: '∂',
  nabla: '∇',
  sum: '∑',
  prod: '∏',
  int: '∫',
  oint: '∮',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  leftrightarrow: '↔',
  Leftrightarrow: '⇔',
  implies: '⇒',
  iff: '⇔',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  supset: '⊃',
  cup: '∪',
  cap: '∩',
  emptyset: '∅',
  forall: '∀',
  exists: '∃',
  neg: '¬',
  land: '∧',
  lor: '∨',
  angle: '∠',
  degree: '°',
  circ: '∘',
  ldots: '…',
  cdots: '⋯',
  dots: '…',
  prime: '′',
  hbar: 'ℏ',
  ell: 'ℓ',
  Re: 'ℜ',
  Im: 'ℑ',
  mathbb: '',
  quad: ' ',
  qquad: '  ',
  ',': ' ',
  ';': ' ',
  '!': '',
  ' ': ' ',
  left: '',
  right: '',
  langle: '⟨',
  rangle: '⟩',
  lfloor: '⌊',
  rfloor: '⌋',
  lceil: '⌈',
  rceil: '⌉',
  '{': '{',
  '}': '}',
  '%': '%',
  $: '$',
  '#': '#',
  '&': '&',
  _: '_',
  sin: 'sin',
  cos: 'cos',
  tan: 'tan',
  log: 'log',
  ln: 'ln',
  exp: 'exp',
  lim: 'lim',
  max: 'max',
  min: 'min',
  det: 'det',
};

const SUP: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  '=': '⁼',
  '(': '⁽',
  ')': '⁾',
  n: 'ⁿ',
  i: 'ⁱ',
  x: 'ˣ',
  y: 'ʸ',
  a: 'ᵃ',
  b: 'ᵇ',
  c: 'ᶜ',
  d: 'ᵈ',
  e: 'ᵉ',
  k: 'ᵏ',
  m: 'ᵐ',
  t: 'ᵗ',
  T: 'ᵀ',
};
const SUB: Record<string, string> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
  '=': '₌',
  '(': '₍',
  ')': '₎',
  a: 'ₐ',
  e: 'ₑ',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  n: 'ₙ',
  o: 'ₒ',
  x: 'ₓ',
  m: 'ₘ',
  t: 'ₜ',
};
const BB: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ' };

/** Reads one argument: a {group} or a single token, from position i. */
function readArg(src: string, i: number): [string, number] {
  while (src[i] === ' ') i++;
  if (src[i] === '{') {
    let depth = 1;
    let j = i + 1;
    while (j < src.length && depth > 0) {
      if (src[j] === '{') depth++;
      else if (src[j] === '}') depth--;
      j++;
    }
    return [src.slice(i + 1, j - 1), j];
  }
  if (src[i] === '\\') {
    const m = /^\\([A-Za-z]+|.)/.exec(src.slice(i));
    if (m) return [m[0], i + m[0].length];
  }
  return [src[i] ?? '', i + 1];
}

function script(text: string, table: Record<string, string>, mark: string): string {
  const chars = [...text];
  if (chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${mark}${text}` : `${mark}(${text})`;
}

/** Converts TeX source to Unicode text. */
export function texToUnicode(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(src.slice(i));
      const name = m?.[1] ?? '';
      i += m?.[0].length ?? 1;
      if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
        const [a, j] = readArg(src, i);
        const [b, k] = readArg(src, j);
        i = k;
        const num = texToUnicode(a);
        const den = texToUnicode(b);
        const wrap = (s: string) => (/^[\w.α-ω′]+$/u.test(s) ? s : `(${s})`);
        out += `${wrap(num)}⁄${wrap(den)}`.replace('⁄', '/');
      } else if (name === 'sqrt') {
        const [a, j] = readArg(src, i);
        i = j;
        const inner = texToUnicode(a);
        out += inner.length === 1 ? `√${inner}` : `√(${inner})`;
      } else if (name === 'mathbb') {
        const [a, j] = readArg(src, i);
        i = j;
        out += [...a].map((c) => BB[c] ?? c).join('');
      } else if (
        ['text', 'mathrm', 'mathbf', 'mathit', 'operatorname', 'textbf', 'boldsymbol'].includes(name)
      ) {
        const [a, j] = readArg(src, i);
        i = j;
        out += name.startsWith('text') ? a : texToUnicode(a);
      } else if (name === 'vec' || name === 'hat' || name === 'bar' || name === 'overline') {
        const [a, j] = readArg(src, i);
        i = j;
        const mark = { vec: '\u20D7', hat: '\u0302', bar: '\u0304', overline: '\u0305' }[name];
        out += `${texToUnicode(a)}${mark}`;
      } else if (name in SYMBOLS) {
        out += SYMBOLS[name];
      } else {
        out += name;
      }
    } else if (ch === '^' || ch === '_') {
      const [a, j] = readArg(src, i + 1);
      i = j;
      out += script(texToUnicode(a), ch === '^' ? SUP : SUB, ch);
    } else if (ch === '{' || ch === '}') {
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out.replace(/[ \t]+/g, ' ');
}
