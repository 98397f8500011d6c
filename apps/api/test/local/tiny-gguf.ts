// Writes a tiny but real GGUF model: the llama architecture with random weights, a SentencePiece
// ("llama") vocabulary of control tokens, the 256 byte-fallback tokens and printable ASCII, and a
// ChatML chat template. llama.cpp loads it like any llama model; its text is gibberish, which is
// all the local provider's tests need (loading, streaming, grammar, embeddings, the queue).
//
// GGUF v3 layout (github.com/ggml-org/ggml/blob/master/docs/gguf.md): the magic "GGUF", version,
// tensor count and metadata count; the metadata as key/type/value; each tensor's name, dimensions
// (innermost first), type and offset; then the tensor data, each aligned to 32 bytes.
import crypto from 'node:crypto';
import fs from 'node:fs';

const T = { U32: 4, I32: 5, F32: 6, BOOL: 7, STRING: 8, ARRAY: 9 } as const;
type Meta = [key: string, type: number, value: unknown, itemType?: number];

export interface TinyModelOptions {
  /** Width of the model (also the embedding dimension). */
  embedding?: number;
  layers?: number;
  contextLength?: number;
  seed?: number;
  /**
   * Make closing brackets and the end of a turn likely (default), so structured replies stay short.
   * The benchmark turns it off: it wants generation to run its full length.
   */
  favourEnd?: boolean;
}

/** The tokens: ids 0-4 special, then the bytes, then "▁" and printable ASCII. */
function vocabulary() {
  const tokens: string[] = ['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>'];
  const types: number[] = [2, 3, 3, 3, 3]; // 2 unknown, 3 control
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6); // byte
  }
  tokens.push('▁'); // SentencePiece's space
  types.push(1);
  for (let c = 0x21; c < 0x7f; c++) {
    tokens.push(String.fromCharCode(c));
    types.push(1); // normal
  }
  // Scores rank merges; single characters need none, so later tokens just score lower.
  const scores = tokens.map((_, i) => (types[i] === 1 ? -i : 0));
  return { tokens, types, scores };
}

const CHATML =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** Builds the file's bytes. Deterministic for a given seed. */
export function tinyGguf(opts: TinyModelOptions = {}): Buffer {
  const dim = opts.embedding ?? 64;
  const layers = opts.layers ?? 2;
  const heads = 4;
  const ff = dim * 2;
  const { tokens, types, scores } = vocabulary();
  const meta: Meta[] = [
    ['general.architecture', T.STRING, 'llama'],
    ['general.name', T.STRING, `tiny-random-llama-${dim}`],
    ['general.alignment', T.U32, 32],
    ['llama.context_length', T.U32, opts.contextLength ?? 4096],
    ['llama.embedding_length', T.U32, dim],
    ['llama.block_count', T.U32, layers],
    ['llama.feed_forward_length', T.U32, ff],
    ['llama.attention.head_count', T.U32, heads],
    ['llama.attention.head_count_kv', T.U32, heads],
    ['llama.rope.dimension_count', T.U32, dim / heads],
    ['llama.attention.layer_norm_rms_epsilon', T.F32, 1e-5],
    ['llama.vocab_size', T.U32, tokens.length],
    ['tokenizer.ggml.model', T.STRING, 'llama'],
    ['tokenizer.ggml.tokens', T.ARRAY, tokens, T.STRING],
    ['tokenizer.ggml.scores', T.ARRAY, scores, T.F32],
    ['tokenizer.ggml.token_type', T.ARRAY, types, T.I32],
    ['tokenizer.ggml.unknown_token_id', T.U32, 0],
    ['tokenizer.ggml.bos_token_id', T.U32, 1],
    ['tokenizer.ggml.eos_token_id', T.U32, 2],
    ['tokenizer.ggml.add_bos_token', T.BOOL, true],
    ['tokenizer.chat_template', T.STRING, CHATML],
  ];
  // Tensors in llama.cpp's names; dimensions innermost first, all float32.
  const tensors: Array<[string, number[]]> = [
    ['token_embd.weight', [dim, tokens.length]],
    ['output_norm.weight', [dim]],
    ['output.weight', [dim, tokens.length]],
  ];
  for (let i = 0; i < layers; i++) {
    tensors.push(
      [`blk.${i}.attn_norm.weight`, [dim]],
      [`blk.${i}.attn_q.weight`, [dim, dim]],
      [`blk.${i}.attn_k.weight`, [dim, dim]],
      [`blk.${i}.attn_v.weight`, [dim, dim]],
      [`blk.${i}.attn_output.weight`, [dim, dim]],
      [`blk.${i}.ffn_norm.weight`, [dim]],
      [`blk.${i}.ffn_gate.weight`, [dim, ff]],
      [`blk.${i}.ffn_up.weight`, [dim, ff]],
      [`blk.${i}.ffn_down.weight`, [ff, dim]],
    );
  }

  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return b;
  };
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    return Buffer.concat([u64(b.length), b]);
  };
  const value = (type: number, v: unknown): Buffer => {
    switch (type) {
      case T.U32:
        return u32(v as number);
      case T.I32: {
        const b = Buffer.alloc(4);
        b.writeInt32LE(v as number);
        return b;
      }
      case T.F32: {
        const b = Buffer.alloc(4);
        b.writeFloatLE(v as number);
        return b;
      }
      case T.BOOL:
        return Buffer.from([v ? 1 : 0]);
      case T.STRING:
        return str(v as string);
      default:
        throw new Error(`type ${type}`);
    }
  };
  parts.push(Buffer.from('GGUF'), u32(3), u64(tensors.length), u64(meta.length));
  for (const [key, type, v, itemType] of meta) {
    parts.push(str(key), u32(type));
    if (type === T.ARRAY) {
      const items = v as unknown[];
      parts.push(u32(itemType!), u64(items.length), ...items.map((x) => value(itemType!, x)));
    } else parts.push(value(type, v));
  }
  let offset = 0;
  const sizes = tensors.map(([, dims]) => dims.reduce((a, b) => a * b, 1) * 4);
  tensors.forEach(([name, dims], i) => {
    parts.push(str(name), u32(dims.length), ...dims.map(u64), u32(0 /* F32 */), u64(offset));
    offset += Math.ceil(sizes[i]! / 32) * 32;
  });
  const header = Buffer.concat(parts);
  const pad = (n: number) => Buffer.alloc((32 - (n % 32)) % 32);
  // Random weights from a seeded stream: norms are 1, matrices small around 0.
  let state = crypto
    .createHash('sha256')
    .update(String(opts.seed ?? 1))
    .digest();
  let pos = 0;
  const rand = () => {
    if (pos + 4 > state.length) {
      state = crypto.createHash('sha256').update(state).digest();
      pos = 0;
    }
    const r = state.readUInt32LE(pos) / 0xffffffff;
    pos += 4;
    return r;
  };
  // Pure noise would pick every token about equally often, so a JSON string would run to its
  // maxLength and every array to its maxItems: thousands of tokens per structured reply. Instead
  // dimension 0 of every token's embedding is a large constant that survives the layers, and the
  // output rows of a few tokens read it: closing quotes and brackets and the end of a turn are
  // likely, so strings are short, arrays stop near their minimum and answers end by themselves.
  const favoured = new Map(
    (opts.favourEnd === false
      ? []
      : [
          ['"', 4],
          [']', 4],
          ['}', 4],
          ['<|im_end|>', 2.5],
        ]
    ).map(([t, b]) => [tokens.indexOf(t as string), b as number]),
  );
  const data: Buffer[] = [header, pad(header.length)];
  tensors.forEach(([name, dims], i) => {
    const n = dims.reduce((a, b) => a * b, 1);
    const f = new Float32Array(n);
    const scale = 1 / Math.sqrt(dims[0]!);
    for (let j = 0; j < n; j++) f[j] = name.includes('norm') ? 1 : (rand() * 2 - 1) * scale * 2;
    if (name === 'token_embd.weight') for (let t = 0; t < tokens.length; t++) f[t * dim] = 8;
    if (name === 'output.weight')
      for (let t = 0; t < tokens.length; t++) f[t * dim] = (favoured.get(t) ?? 0) / 4; // the normed constant is about 4-6
    const b = Buffer.from(f.buffer);
    data.push(b, pad(sizes[i]!));
  });
  return Buffer.concat(data);
}

/** Writes the model to `file` (if missing) and returns its size and SHA-256. */
export function writeTinyGguf(file: string, opts: TinyModelOptions = {}) {
  const bytes = tinyGguf(opts);
  fs.writeFileSync(file, bytes);
  return { file, size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}
