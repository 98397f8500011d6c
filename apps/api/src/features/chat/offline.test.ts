import { describe, expect, it } from 'vitest';
import { anyWordsTsQuery, keywords, offlineChatAnswer, offlineTitle, rankByQuestion } from './offline.ts';

describe('chat offline answers', () => {
  const passages = [
    {
      sourceType: 'document' as const,
      sourceId: 'u1',
      title: 'Biology notes.pdf',
      page: 3,
      text: 'Chlorophyll absorbs red and blue light.',
      score: 0.9,
    },
    {
      sourceType: 'lesson' as const,
      sourceId: 'p1',
      lessonId: 'l2',
      title: 'Light reactions',
      text: 'The light reactions make ATP.',
      score: 0.5,
    },
  ];

  it('discloses offline mode and quotes each passage with a numbered citation', () => {
    const text = offlineChatAnswer({ message: 'How does chlorophyll absorb light?', passages });
    expect(text).toMatch(/^\*\*Offline mode\*\*/);
    expect(text).toContain('> Chlorophyll absorbs red and blue light.');
    expect(text).toContain('[1] document "Biology notes.pdf", p. 3');
    expect(text).toContain('[2] lesson "Light reactions"');
    expect(text).toContain('“chlorophyll absorb light”');
  });

  it('quotes a long passage up to a sentence end, or a whole word and “…”, never cut inside a word', () => {
    const quoted = (text: string) =>
      offlineChatAnswer({ message: 'osmosis', passages: [{ ...passages[0]!, text }] })
        .split('\n')
        .find((l) => l.startsWith('> ') && !l.startsWith('> —'))!
        .slice(2);
    const sentence = 'Water moves across the membrane by osmosis. ';
    const text = `${sentence.repeat(13)}Semipermeable membranes allow solvent molecules through but not solutes.`;
    // The 600th character falls inside a word.
    expect(text.slice(599, 601)).toMatch(/^\p{L}{2}$/u);
    expect(quoted(text)).toBe(sentence.repeat(13).trim());
    // No sentence end to stop at: whole words, then an ellipsis.
    const runOn = 'osmosis moves water across membranes '.repeat(20);
    const cut = quoted(runOn);
    expect(cut.length).toBeLessThanOrEqual(600);
    expect(cut).toMatch(/ (osmosis|moves|water|across|membranes)…$/);
    expect(runOn.startsWith(cut.slice(0, -1))).toBe(true);
  });

  // A small document is one chunk: the passage is the whole of it (documents/chunk.ts).
  const VOLCANOES = {
    sourceType: 'document' as const,
    sourceId: 'u2',
    title: 'volcanoes.md',
    score: 0.2,
    text: "# How Volcanoes Work A volcano is an opening in the Earth's crust through which molten rock, called magma, escapes to the surface. Once magma reaches the surface it is called lava. Most volcanoes form at the boundaries of tectonic plates, where plates pull apart or one plate sinks beneath another in a process called subduction. ## Types of volcanoes Shield volcanoes, such as Mauna Loa in Hawaii, have gentle slopes built from runny basaltic lava that flows a long way before cooling. Stratovolcanoes, such as Mount Fuji, are steep cones made of alternating layers of ash and sticky andesitic lava. Cinder cones are the smallest type and are built from loose fragments called tephra. ## Eruptions The explosiveness of an eruption depends mainly on the viscosity of the magma and how much dissolved gas it holds. Viscous, gas-rich magma traps pressure until it bursts out violently, producing pyroclastic flows: fast avalanches of hot gas and rock.",
  };

  it('quotes the part of a long passage that answers the question, not its opening', () => {
    const text = offlineChatAnswer({ message: 'Why are some eruptions explosive?', passages: [VOLCANOES] });
    const quote = text.split('\n').find((l) => l.startsWith('> ') && !l.startsWith('> —'))!;
    expect(quote).toMatch(/^> … ## Eruptions The explosiveness of an eruption depends mainly/);
    expect(quote).not.toContain('A volcano is an opening');
    expect(text).toContain('[1] document "volcanoes.md"');
  });

  it('quotes only passages that share a content word with the question, the one sharing most first', () => {
    const mantle = {
      ...VOLCANOES,
      sourceId: 'u3',
      title: 'earth.md',
      score: 0.9,
      text: 'Magma forms in the mantle.',
    };
    // Found by a search on any word (“some”, “eruptions” …), about something else.
    const text = offlineChatAnswer({
      message: 'Why are some eruptions explosive?',
      passages: [VOLCANOES, passages[0]!],
    });
    expect(text).not.toContain('Chlorophyll');
    expect(text).not.toContain('[2]');
    expect(
      offlineChatAnswer({ message: 'Why are some eruptions explosive?', passages: [passages[0]!] }),
    ).toContain('found nothing');
    // Ranked by the question's words shared (eruption, explosive, magma), then by score.
    expect(
      rankByQuestion('Is magma behind explosive eruptions?', [mantle, VOLCANOES]).map((p) => p.title),
    ).toEqual(['volcanoes.md', 'earth.md']);
  });

  it('explains how to connect a model when nothing matches', () => {
    const text = offlineChatAnswer({ message: 'Tell me about quasars', passages: [], imageCount: 1 });
    expect(text).toContain('found nothing');
    expect(text).toContain('Settings and about');
    expect(text).not.toMatch(/GEMINI_API_KEY|AI_BASE_URL/);
    expect(text).toContain('attached image');
  });

  it('finds the content words of a question', () => {
    expect(keywords('What is the role of mitochondria in cells?')).toEqual(['role', 'mitochondria', 'cells']);
    expect(anyWordsTsQuery('Why do plants need light?')).toBe('plants | need | light');
    expect(anyWordsTsQuery('why is it so?')).toBeNull();
  });

  it('titles a session from its first question', () => {
    expect(offlineTitle('How does photosynthesis work in plants?')).toBe('Photosynthesis work in plants');
    expect(offlineTitle('Can you explain the French Revolution? I have a test.')).toBe('French Revolution');
    expect(offlineTitle('hi')).toBe('Hi');
    expect(offlineTitle('x'.repeat(100)).length).toBeLessThanOrEqual(60);
  });
});
