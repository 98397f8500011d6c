import type { IconName } from '@/components/ui';

// Headless and older devices often lack colour-emoji fonts, so tiles show an icon picked from the
// topic's words instead of the model's emoji (which is still announced to screen readers).
const RULES: [RegExp, IconName][] = [
  [/space|star|planet|galax|moon|sun|astro|cosmo|universe/i, 'planet-outline'],
  [/cell|gene|dna|bio|life|plant|photosynth|evolution|animal|body|brain/i, 'leaf-outline'],
  [/chem|atom|molecul|react|element/i, 'flask-outline'],
  [/physic|energy|force|quantum|light|gravity|electric/i, 'flash-outline'],
  [/math|algebra|calculus|geometr|number|statistic|probab|equation/i, 'calculator-outline'],
  [
    /code|program|python|javascript|software|computer|algorithm|data|ai\b|machine learning/i,
    'code-slash-outline',
  ],
  [/histor|war|empire|ancient|revolution|rome|civili/i, 'hourglass-outline'],
  [/language|word|grammar|french|spanish|english|writing|poem|poetry|literat/i, 'language-outline'],
  [/music|song|sound|rhythm/i, 'musical-notes-outline'],
  [/art|paint|design|colou?r|draw/i, 'color-palette-outline'],
  [/econom|money|business|market|finance/i, 'trending-up-outline'],
  [/earth|climate|weather|ocean|geo|volcano/i, 'earth-outline'],
  [/health|medic|disease|sleep|food|nutrition/i, 'heart-outline'],
  [/philosoph|mind|think|logic|ethic/i, 'bulb-outline'],
];

export function topicIcon(text: string): IconName {
  return RULES.find(([re]) => re.test(text))?.[1] ?? 'sparkles-outline';
}
