// The AI analysis of an upload: summary, key concepts, suggested questions, through ctx.ai with
// an offline answer from real text processing (documents) or honest metadata (images, videos).
import { DocumentAnalysis, KeyConcept } from '@chitchat/contracts';
import type { AiLog, AiProvider, AiUsage } from '../../platform/ai/index.ts';
import { isRecord, keepValid, trimText } from '../../platform/ai/salvage.ts';
import { documentAnalysisPrompt } from '../../platform/ai/prompts/document_analysis.ts';
import { imageDescriptionPrompt } from '../../platform/ai/prompts/image_description.ts';
import { videoAnalysisPrompt } from '../../platform/ai/prompts/video_analysis.ts';
import type { PageText } from './extract.ts';
import type { ImageInfo, VideoInfo } from './media.ts';
import { LIMITS } from './limits.ts';
import { analyzeText } from './textrank.ts';

export interface AnalysisResult {
  analysis: DocumentAnalysis;
  usage: AiUsage;
  promptVersion: string;
}

/**
 * A model's analysis with its unusable key concepts and questions dropped and a too-long summary
 * trimmed (at most 12 concepts and 8 questions), rather than failing the whole upload.
 */
export function salvageAnalysis(raw: unknown, log?: AiLog): DocumentAnalysis | undefined {
  if (!isRecord(raw)) return undefined;
  const concept = (c: unknown) =>
    isRecord(c) ? { ...c, name: trimText(c.name, 100), explanation: trimText(c.explanation, 500) } : c;
  const question = DocumentAnalysis.shape.suggestedQuestions.element;
  return {
    summary: trimText(raw.summary, 3000),
    keyConcepts: keepValid(raw.keyConcepts, KeyConcept, { what: 'key concept', repair: concept, log }).slice(
      0,
      12,
    ),
    suggestedQuestions: keepValid(raw.suggestedQuestions, question, {
      what: 'suggested question',
      repair: (q) => trimText(q, 300),
      log,
    }).slice(0, 8),
  } as DocumentAnalysis;
}

/** Whose upload it is (the local model's queue takes turns between learners), and its job's signal. */
export interface AnalysisCall {
  userId: string;
  signal?: AbortSignal;
  log?: AiLog;
}

export async function analyzeDocument(
  ai: AiProvider,
  fileName: string,
  pages: PageText[],
  call: AnalysisCall,
): Promise<AnalysisResult> {
  const full = pages.map((p) => (p.page ? `[page ${p.page}]\n${p.text}` : p.text)).join('\n\n');
  const plain = pages.map((p) => p.text).join('\n\n');
  const truncated = full.length > LIMITS.analysisInputChars;
  const { object, usage } = await ai.generateObject({
    task: 'document_analysis',
    schema: DocumentAnalysis,
    system: documentAnalysisPrompt.system,
    prompt: documentAnalysisPrompt.build({
      fileName,
      text: full.slice(0, LIMITS.analysisInputChars),
      pageCount: pages.some((p) => p.page) ? pages.length : null,
      truncated,
    }),
    ...call,
    salvage: salvageAnalysis,
    offline: () => analyzeText(plain, fileName),
  });
  return { analysis: object, usage, promptVersion: documentAnalysisPrompt.version };
}

export async function analyzeImage(
  ai: AiProvider,
  fileName: string,
  info: ImageInfo,
  jpeg: Uint8Array,
  call: AnalysisCall,
): Promise<AnalysisResult> {
  const fmt = info.format.toUpperCase();
  const { object, usage } = await ai.generateObject({
    task: 'image_description',
    schema: DocumentAnalysis,
    system: imageDescriptionPrompt.system,
    prompt: imageDescriptionPrompt.build({
      fileName,
      width: info.width,
      height: info.height,
      format: info.format,
    }),
    images: [{ mediaType: 'image/jpeg', data: jpeg }],
    ...call,
    salvage: salvageAnalysis,
    offline: () => ({
      summary:
        `A ${info.width}×${info.height} ${fmt} image${info.frames > 1 ? ` with ${info.frames} frames` : ''} named ${fileName}. ` +
        'Its content was not read: the AI model in use cannot see images (a vision-capable model such as Gemini describes it in words).',
      keyConcepts: [],
      suggestedQuestions: [],
    }),
  });
  return { analysis: object, usage, promptVersion: imageDescriptionPrompt.version };
}

export async function analyzeVideo(
  ai: AiProvider,
  fileName: string,
  info: VideoInfo,
  poster: Uint8Array | null,
  call: AnalysisCall,
): Promise<AnalysisResult> {
  const dims = info.width && info.height ? ` at ${info.width}×${info.height}` : '';
  const dur = info.durationSeconds !== undefined ? `${info.durationSeconds}-second ` : '';
  const { object, usage } = await ai.generateObject({
    task: 'video_analysis',
    schema: DocumentAnalysis,
    system: videoAnalysisPrompt.system,
    prompt: videoAnalysisPrompt.build({ fileName, ...info }),
    images: poster ? [{ mediaType: 'image/jpeg', data: poster }] : undefined,
    ...call,
    salvage: salvageAnalysis,
    offline: () => ({
      summary:
        `A ${dur}${info.container.toUpperCase()} video${dims} named ${fileName}. ` +
        'Its content was not read: the AI model in use cannot see video (a vision-capable model such as Gemini describes a frame of it).',
      keyConcepts: [],
      suggestedQuestions: [],
    }),
  });
  return { analysis: object, usage, promptVersion: videoAnalysisPrompt.version };
}
