// The models the local provider downloads when none is configured. Why these: docs/ai.md. The
// URLs name a fixed revision, so the SHA-256 stays the file's; sizes are checked against the
// server's Content-Length, hashes before first use.
export interface DefaultModel {
  name: string;
  licence: string;
  url: string;
  file: string;
  sha256: string;
  /** Approximate size for messages ("downloads about 1 GB"); the exact byte count is the server's. */
  approxBytes: number;
}

/** Qwen2.5 1.5B Instruct, Q4_K_M (bartowski's llama.cpp quantisation), Apache-2.0. */
export const DEFAULT_CHAT_MODEL: DefaultModel = {
  name: 'Qwen2.5-1.5B-Instruct Q4_K_M',
  licence: 'Apache-2.0',
  url: 'https://huggingface.co/bartowski/Qwen2.5-1.5B-Instruct-GGUF/resolve/85553858e3522ce5b531285b2202bdb40fab1624/Qwen2.5-1.5B-Instruct-Q4_K_M.gguf',
  file: 'Qwen2.5-1.5B-Instruct-Q4_K_M.gguf',
  sha256: '50961d9b7d3b89e46be230528fc66d38bbdda8ac3748323dd34f129a714124fc',
  approxBytes: 986_000_000,
};

/** BGE small English v1.5, Q8_0 (ggml-org's conversion), MIT; 384 dimensions. */
export const DEFAULT_EMBED_MODEL: DefaultModel = {
  name: 'bge-small-en-v1.5 Q8_0',
  licence: 'MIT',
  url: 'https://huggingface.co/ggml-org/bge-small-en-v1.5-Q8_0-GGUF/resolve/main/bge-small-en-v1.5-q8_0.gguf',
  file: 'bge-small-en-v1.5-q8_0.gguf',
  sha256: 'f046db1dc724cf4f6f0a0c5917e922823b73eb1d27b8f9a9c2797f7866974804',
  approxBytes: 36_700_000,
};
