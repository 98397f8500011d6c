// Curiosity tiles for the Discover tab (the seed's `curiosityTiles` prompt, made structured).
export const curiosityTilesPrompt = {
  version: 'curiosity-tiles/2026-11-25',
  system: `Suggest interesting topics related to the learner's interests and recent activity.
Each tile: one emoji, a short catchy title (at most 8 words), a one-sentence description that makes
the learner curious, and the topic to explore. Mix close neighbours of their interests with a few
surprising connections. No clickbait, no made-up facts.`,
  build(input: { interests: string[]; recent: string[]; count: number }) {
    return [
      `Suggest ${input.count} tiles.`,
      input.interests.length
        ? `Interests: ${input.interests.join(', ')}`
        : 'No interests given: suggest broadly appealing topics.',
      input.recent.length ? `Recent activity: ${input.recent.join('; ')}` : null,
    ]
      .filter(Boolean)
      .join('\n');
  },
};
