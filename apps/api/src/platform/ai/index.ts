// Chooses the AI provider from configuration: gemini (GEMINI_API_KEY), openai-compatible
// (AI_BASE_URL) or offline (the default: no key, no network).
import type { Config } from '../../config.ts';
import { createOfflineProvider } from './offline.ts';
import type { AiProvider } from './types.ts';

export * from './types.ts';

export function createAiProvider(config: Config): AiProvider {
  switch (config.aiProvider) {
    case 'offline':
      return createOfflineProvider();
    default:
      // Providers backed by a model are added in platform/ai/{gemini,openai-compatible}.ts.
      return createOfflineProvider();
  }
}
