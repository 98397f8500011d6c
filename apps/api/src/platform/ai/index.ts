// Chooses the AI provider from configuration: gemini (GEMINI_API_KEY), openai-compatible
// (AI_BASE_URL), else local (a model on this machine, set up in the background: docs/ai.md);
// offline when asked (AI_PROVIDER=offline).
import type { Config } from '../../config.ts';
import { createOfflineProvider } from './offline.ts';
import { createGeminiProvider } from './gemini.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible.ts';
import type { SdkProviderOptions } from './sdk.ts';
import { createLocalProvider, type LocalProviderOptions } from './local/index.ts';
import type { AiProvider, AiStatus } from './types.ts';

export * from './types.ts';
export { observeAi, type AiCall, type AiCallListener } from './observe.ts';

export interface AiProviderOptions {
  /** Told about each retry (the server logs them). */
  onRetry?: SdkProviderOptions['onRetry'];
  /** The local provider's log and status listener (the terminal progress bar). */
  local?: LocalProviderOptions;
}

/** What /api/v1/info reports: the provider's own status, or "ready" for a remote model. */
export function aiStatus(ai: AiProvider): AiStatus {
  if (ai.status) return ai.status();
  if (ai.name === 'offline')
    return { provider: 'offline', state: 'offline', message: 'Offline mode: no AI model is configured.' };
  return {
    provider: ai.name,
    state: 'ready',
    message: `Answers come from ${ai.name === 'gemini' ? 'Gemini' : 'the configured model server'}.`,
  };
}

/**
 * Whether a model answers right now. Not for the offline provider, nor for the local one while it
 * is being set up or could not be (it answers offline then): features that only a model can do
 * (writing a lesson) show their offline form instead.
 */
export const modelAnswers = (ai: AiProvider) => aiStatus(ai).state === 'ready';

export function createAiProvider(config: Config, opts: AiProviderOptions = {}): AiProvider {
  switch (config.aiProvider) {
    case 'gemini':
      return createGeminiProvider(config, opts.onRetry);
    case 'openai-compatible':
      return createOpenAiCompatibleProvider(config, opts.onRetry);
    case 'local':
      return createLocalProvider(config, opts.local);
    default:
      return createOfflineProvider();
  }
}
