// What a chat turn sends to the model: the tutor prompt with the learner's profile (the same every
// turn, so a model can reuse the evaluated prefix), the last N messages of the session, and the new
// message (with its images) preceded by this turn's grounding passages. A token budget trims older
// context (then the weakest passages) rather than failing.
import type { AiImage, AiMessage, Passage } from '../../platform/ai/index.ts';
import { chatTutorPrompt, type TutorLearner } from '../../platform/ai/prompts/chat_tutor.ts';

/** Rough token count (≈4 characters a token in English; images a fixed cost). */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
const IMAGE_TOKENS = 300;

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
  hasMedia?: boolean;
}

export interface BuiltContext {
  system: string;
  messages: AiMessage[];
  passages: Passage[];
  /** History messages that made it into the budget. */
  historyUsed: number;
}

/** Merges consecutive messages of the same role (providers want user/assistant turns to alternate). */
function alternate(messages: AiMessage[]): AiMessage[] {
  const out: AiMessage[] = [];
  for (const m of messages) {
    const last = out[out.length - 1];
    if (last && last.role === m.role && !last.images?.length && !m.images?.length)
      last.content = `${last.content}\n\n${m.content}`;
    else out.push({ ...m });
  }
  // A conversation starts with the learner.
  while (out[0]?.role === 'assistant') out.shift();
  return out;
}

export function buildContext(input: {
  learner: TutorLearner;
  /** This turn's policy block (Socratic mode): goes before the material in the last message. */
  policy?: string;
  passages: Passage[];
  /** Oldest first; already limited to the last N. */
  history: HistoryMessage[];
  message: string;
  images: AiImage[];
  maxTokens: number;
}): BuiltContext {
  let passages = [...input.passages];
  const system = chatTutorPrompt.system(input.learner);
  const policy = input.policy ?? '';
  const current = estimateTokens(policy + input.message) + input.images.length * IMAGE_TOKENS;
  let material = chatTutorPrompt.material(passages);
  // The material may use at most half the budget; the weakest passages go first.
  while (passages.length && estimateTokens(system + material) + current > input.maxTokens / 2) {
    passages = passages.slice(0, -1);
    material = chatTutorPrompt.material(passages);
  }
  let budget = input.maxTokens - estimateTokens(system + material) - current;
  const kept: HistoryMessage[] = [];
  for (const m of [...input.history].reverse()) {
    const content =
      m.hasMedia && m.role === 'user'
        ? `${m.content}\n[The learner attached a file to this message.]`
        : m.content;
    const cost = estimateTokens(content) + 4;
    if (cost > budget) break;
    budget -= cost;
    kept.unshift({ ...m, content });
  }
  const messages = alternate([
    ...kept.map((m) => ({ role: m.role, content: m.content })),
    {
      role: 'user' as const,
      content: [policy, material, input.message].filter(Boolean).join('\n\n'),
      ...(input.images.length ? { images: input.images } : {}),
    },
  ]);
  return { system, messages, passages, historyUsed: kept.length };
}
