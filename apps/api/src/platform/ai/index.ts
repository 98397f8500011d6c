// Chooses the AI provider from configuration: gemini (GEMINI_API_KEY), openai-compatible
// (AI_BASE_URL) or offline (the default: no key, no network).
import type { Config } from '../../config.ts';
import { createOfflineProvider } from './offline.ts';
import { createGeminiProvider } from './gemini.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible.ts';
import type { SdkProviderOptions } from './sdk.ts';
import type { AiProvider } from './types.ts';

export * from './types.ts';

export interface AiProviderOptions {
  /** Told about each retry (the server logs them). */
  onRetry?: SdkProviderOptions['onRetry'];
}

export function createAiProvider(config: Config, opts: AiProviderOptions = {}): AiProvider {
  switch (config.aiProvider) {
    case 'gemini':
      return createGeminiProvider(config, opts.onRetry);
    case 'openai-compatible':
      return createOpenAiCompatibleProvider(config, opts.onRetry);
    default:
      return createOfflineProvider();
  }
}
