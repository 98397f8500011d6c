// Any server that speaks OpenAI's /v1/chat/completions: Ollama, vLLM, LM Studio, llama.cpp server.
// AI_BASE_URL is the API root (e.g. http://localhost:11434/v1); AI_API_KEY is optional.
// Structured output is requested as response_format json_schema (Ollama, vLLM, LM Studio and
// llama.cpp accept it); replies are validated here either way.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { required, type Config } from '../../config.ts';
import { modelSet } from './models.ts';
import { createSdkProvider, type SdkProviderOptions } from './sdk.ts';
import type { AiProvider } from './types.ts';

export function createOpenAiCompatibleProvider(
  config: Config,
  onRetry?: SdkProviderOptions['onRetry'],
): AiProvider {
  const provider = createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: required(config.AI_BASE_URL, 'AI_BASE_URL').replace(/\/+$/, ''),
    apiKey: config.AI_API_KEY || undefined,
    supportsStructuredOutputs: true,
    includeUsage: true,
  });
  return createSdkProvider({
    name: 'openai-compatible',
    models: modelSet(config, 'openai-compatible'),
    languageModel: (id) => provider.chatModel(id),
    embeddingModel: (id) => provider.textEmbeddingModel(id),
    config,
    onRetry,
  });
}
