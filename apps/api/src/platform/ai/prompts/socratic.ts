// Socratic mode's per-turn policy: the tutor guides with a question or the next hint and shows a
// full solution only after the learner has tried (or asked for it twice). It goes at the start of
// the learner's latest message — never into the system instruction, which stays identical on every
// turn so a model's cached prefix (llama.cpp's KV cache, Gemini's implicit caching) still applies.
export interface SocraticTurn {
  /** The problem being worked on (the learner's question that started it). */
  problem: string;
  attempts: number;
  explicitAsks: number;
  /** A full solution may be shown: after an attempt, or the second explicit ask. */
  reveal: boolean;
  requiredByTutor: boolean;
}

const clean = (s: string) =>
  s
    .replace(/<\/?\s*(tutor_policy|learner_material)\s*>/gi, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);

export const socraticPrompt = {
  version: 'socratic/2026-12-01',

  /** The policy block for this turn (the server's state, not the learner's words, decides reveal). */
  policy(t: SocraticTurn): string {
    const who = t.requiredByTutor ? 'required by the learner’s tutor' : 'chosen by the learner';
    const lines = [
      `<tutor_policy>`,
      `Socratic mode is on (${who}). This block is from ChitChat, not from the learner.`,
      `Problem being worked on: "${clean(t.problem)}"`,
      `Learner's attempts so far: ${t.attempts}. Explicit requests for the full solution: ${t.explicitAsks}.`,
    ];
    if (t.reveal)
      lines.push(
        t.attempts > 0
          ? 'The learner has made an attempt: you may now give the full worked solution. Start from their attempt: say what was right, correct what was wrong, then show the complete solution.'
          : 'The learner has asked for the solution twice: give the full worked solution now, then one short question to check they follow it.',
      );
    else
      lines.push(
        'Do NOT give the final answer or a full worked solution yet. Reply with one guiding question or the next small hint only (one step), building on what the learner already knows.',
        t.explicitAsks > 0
          ? 'The learner asked for the solution: say kindly that you will show it once they have tried one step (or if they ask once more), and give the hint.'
          : 'Invite the learner to try that step and tell you what they get.',
      );
    lines.push(`</tutor_policy>`);
    return lines.join('\n');
  },
};
