// Instruction lines: what a lesson asks the learner to do ("Explain where most volcanoes form",
// "Predict the outcome of a simple case", "Exercise 2: List three…") is no statement to learn, so
// never a card's question nor a concept. Verbs that are only ever instructions at a line's start…
const ALWAYS_INSTRUCTION =
  'explain|describe|identify|define|compare|contrast|summari[sz]e|calculate|analy[sz]e|evaluate|discuss|distinguish|interpret|demonstrate|explore|predict|justify|imagine|sketch|solve|draw|recognise|recognize|understand|learn|reflect|investigate|research|rewrite|brainstorm|practi[sc]e|apply|connect|choose|pick|write|repeat|complete|find|fill|fix|correct|critique|tell|try|think|consider|discover|decide|determine|estimate|classify|illustrate|label|outline|recall|memori[sz]e|convert|translate|prove|show|give|make|build|create|design|develop|plan|list|name|state|use|read|watch|look|check|trace|note|map|test|review|record|measure|observe|answer|work|match|rank|sort|ask|take|put|share|present|walk|pause|go|keep|remember|be able to';
// …and these read as instructions only when an object follows ("Work the problem", not "Work is…").
const OBJECT_FOLLOWS =
  /^(?:the|a|an|how|why|what|where|when|which|who|whom|whether|your|yours|each|every|one|two|three|four|five|some|all|any|this|these|that|those|its|their|his|her|it|them|out|up|down|through|about|at|back|over|again|[0-9]+)\b/i;
const AMBIGUOUS = new Set(
  'show give make build create design develop plan list name state use read watch look check trace note map test review record measure observe answer work match rank sort ask take put share present walk pause go keep remember find fill fix correct repeat complete try think consider label outline'.split(
    ' ',
  ),
);
const INSTRUCTION = new RegExp(`^(?:to\\s+)?(${ALWAYS_INSTRUCTION})\\b\\s*(.*)$`, 'i');
const MARKER = /^[\s>*_#-]*(?:\(?\d+[.)]\s+)?/;
const LABEL = /^(?:exercise|task|activity|challenge|practice|try this|your turn)\s*\d*\s*[:.–—-]/i;

/** True for an instruction to the learner (an exercise, an objective's "Explain …"), not a statement. */
export function isInstruction(sentence: string): boolean {
  const text = sentence.replace(MARKER, '');
  if (LABEL.test(text)) return true; // "Exercise 2: …"
  const m = INSTRUCTION.exec(text.replace(/^(?:now|then|next|first|finally|please),?\s+/i, ''));
  if (!m) return false;
  const verb = (m[1] ?? '').toLowerCase();
  return !AMBIGUOUS.has(verb) || OBJECT_FOLLOWS.test(m[2] ?? '');
}

/** A text without its instruction sentences (headings and statements kept, line by line). */
export function withoutInstructions(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      /^\s*#/.test(line)
        ? line
        : line
            .split(/(?<=[.!?])\s+/)
            .filter((s) => !isInstruction(s))
            .join(' '),
    )
    .filter((line) => line.trim())
    .join('\n');
}
