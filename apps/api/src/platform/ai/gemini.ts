// Google Gemini through the Vercel AI SDK's Google provider. GEMINI_BASE_URL points it elsewhere
// (tests use a local fake that speaks Gemini's REST + SSE protocol); a bare origin gets /v1beta.
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import type { Config } from '../../config.ts';
import { modelSet } from './models.ts';
import { createSdkProvider, type SdkProviderOptions } from './sdk.ts';
import type { AiProvider } from './types.ts';

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

export function geminiBaseUrl(configured?: string): string {
  if (!configured) return GEMINI_DEFAULT_BASE_URL;
  const url = configured.replace(/\/+$/, '');
  return new URL(url).pathname === '/' || new URL(url).pathname === '' ? `${url}/v1beta` : url;
}

export function createGeminiProvider(config: Config, onRetry?: SdkProviderOptions['onRetry']): AiProvider {
  const google = createGoogleGenerativeAI({
    apiKey: config.GEMINI_API_KEY,
    baseURL: geminiBaseUrl(config.GEMINI_BASE_URL),
  });
  return createSdkProvider({
    name: 'gemini',
    models: modelSet(config, 'gemini'),
    languageModel: (id) => google.languageModel(id),
    embeddingModel: (id) => google.embeddingModel(id),
    config,
    onRetry,
  });
}
