// Which model answers which call. Names come from config (AI_MODEL_*) with current defaults per
// provider; the seed's selection rule is kept as data: attached images -> the vision model, very
// long input (> AI_LONG_INPUT_CHARS) -> the long-context model, light tasks (titles, tiles) -> the
// light model, everything else -> the chat model.
import type { Config } from '../../config.ts';
import type { AiTask } from './types.ts';

export interface ModelSet {
  chat: string;
  vision: string;
  long: string;
  light: string;
  embedding?: string;
  longInputChars: number;
}

/**
 * Current Gemini models (the seed's gemini-pro / gemini-pro-vision are retired). Flash is
 * multimodal with a 1M-token window, so it is also the vision and long-context default.
 */
export const GEMINI_DEFAULTS = {
  chat: 'gemini-3.5-flash',
  light: 'gemini-3.5-flash-lite',
  embedding: 'gemini-embedding-001',
} as const;

/** OpenAI-compatible servers (Ollama, vLLM, LM Studio, llama.cpp): Ollama's common names. */
export const OPENAI_COMPATIBLE_DEFAULTS = { chat: 'llama3.2' } as const;

export function modelSet(config: Config, provider: 'gemini' | 'openai-compatible'): ModelSet {
  const chat =
    config.AI_MODEL_CHAT ?? (provider === 'gemini' ? GEMINI_DEFAULTS.chat : OPENAI_COMPATIBLE_DEFAULTS.chat);
  return {
    chat,
    vision: config.AI_MODEL_VISION ?? chat,
    long: config.AI_MODEL_LONG ?? chat,
    light:
      config.AI_MODEL_LIGHT ??
      (provider === 'gemini' && !config.AI_MODEL_CHAT ? GEMINI_DEFAULTS.light : chat),
    embedding: config.AI_MODEL_EMBEDDING ?? (provider === 'gemini' ? GEMINI_DEFAULTS.embedding : undefined),
    longInputChars: config.AI_LONG_INPUT_CHARS,
  };
}

const LIGHT_TASKS: ReadonlySet<AiTask> = new Set(['session_title', 'curiosity_tiles']);

export function selectModel(
  models: ModelSet,
  call: { task: AiTask; hasImages: boolean; inputChars: number },
): string {
  if (call.hasImages) return models.vision;
  if (call.inputChars > models.longInputChars) return models.long;
  if (LIGHT_TASKS.has(call.task)) return models.light;
  return models.chat;
}
