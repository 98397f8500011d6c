// Socratic mode's conversation state, kept by the server on the chat session: a problem starts
// when the learner asks a question; a message that tries an answer is an attempt; "just tell me" /
// "show the solution" is an explicit ask. A full solution may be shown after one attempt or two
// explicit asks. Each learner message moves the state once (when it is saved); retries and
// regenerations reuse the decision saved with the message.
import type { SocraticTurn } from '../../platform/ai/prompts/socratic.ts';

export interface SocraticState {
  problem?: string;
  attempts?: number;
  explicitAsks?: number;
}

export type MessageKind = 'question' | 'attempt' | 'ask_solution';

const EXPLICIT =
  /\b(just (tell|give|show) me|(show|give|tell) me the (full |whole |complete |final )?(solution|answer|working)|(show|give|reveal) the (full |whole |complete |final )?(solution|answer)|what('?s| is) the (final )?answer\b(?! to)|i give up|i don'?t know,? (just )?tell me)/i;
const ATTEMPT_CUE =
  /^(i think|i guess|i believe|maybe|perhaps|probably|is it|would it be|could it be|so it'?s|so the answer|my answer|answer:|it'?s|it is|it would be|the answer is|because|since|then|first,? i|i got|i get|i tried|=)/i;
const QUESTION_CUE =
  /^(what|why|how|when|where|who|which|explain|describe|can you|could you|would you|please|solve|calculate|compute|find|prove|show that|help|tell me about|teach me|i want to (know|learn)|i need help|i don'?t understand)\b/i;

/** What a learner's message is, given whether a problem is being worked on. */
export function classify(message: string, hasProblem: boolean): MessageKind {
  const text = message.trim();
  if (EXPLICIT.test(text)) return 'ask_solution';
  if (!hasProblem) return 'question';
  if (ATTEMPT_CUE.test(text)) return 'attempt';
  if (QUESTION_CUE.test(text) || text.endsWith('?')) return 'question';
  return 'attempt';
}

/** The state after a learner's message, and this turn's decision. */
export function advance(
  state: SocraticState,
  message: string,
  requiredByTutor: boolean,
): { state: SocraticState; turn: SocraticTurn; kind: MessageKind } {
  const problem = state.problem?.trim() ? state.problem : undefined;
  const kind = classify(message, !!problem);
  const snippet = message.replace(/\s+/g, ' ').trim().slice(0, 300);
  let next: Required<SocraticState>;
  if (kind === 'question') next = { problem: snippet, attempts: 0, explicitAsks: 0 };
  else if (kind === 'ask_solution')
    next = problem
      ? { problem, attempts: state.attempts ?? 0, explicitAsks: (state.explicitAsks ?? 0) + 1 }
      : { problem: snippet, attempts: 0, explicitAsks: 1 };
  else
    next = {
      problem: problem ?? snippet,
      attempts: (state.attempts ?? 0) + 1,
      explicitAsks: state.explicitAsks ?? 0,
    };
  return {
    kind,
    state: next,
    turn: {
      ...next,
      reveal: next.attempts >= 1 || next.explicitAsks >= 2,
      requiredByTutor,
    },
  };
}

/** A saved decision read back from a message's metadata (retry, regenerate, edit); undefined if none. */
export function savedTurn(metadata: Record<string, unknown> | undefined): SocraticTurn | undefined {
  const s = metadata?.socratic as Partial<SocraticTurn> | undefined;
  if (!s || typeof s !== 'object' || typeof s.reveal !== 'boolean') return undefined;
  return {
    problem: String(s.problem ?? ''),
    attempts: Number(s.attempts ?? 0),
    explicitAsks: Number(s.explicitAsks ?? 0),
    reveal: s.reveal,
    requiredByTutor: !!s.requiredByTutor,
  };
}
