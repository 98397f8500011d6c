import type { ConceptSource, MakeCardsResult } from '@chitchat/contracts';
import { View } from 'react-native';
import { Button, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useMakeCardsMutation } from '@/state/queries/concepts';
import { useTheme } from '@/theme';
import { plural } from '@/lib/plural';

/** "Make cards": review cards from this document, lesson or chat, one per concept (POST /concepts/cards). */
export function MakeCardsButton({ source, what }: { source: ConceptSource; what: string }) {
  const make = useMakeCardsMutation();
  const { spacing } = useTheme();
  const r = make.data;
  return (
    <View style={{ gap: spacing.xs }}>
      <Button
        label={make.isPending ? 'Making cards…' : 'Make cards'}
        accessibilityHint={`Makes review cards from the concepts of this ${what}`}
        variant="secondary"
        loading={make.isPending}
        onPress={() => make.mutate(source)}
      />
      {r ? (
        <Text tone="muted" accessibilityRole="alert">
          {madeSentence(r, what)}
        </Text>
      ) : null}
      {make.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {errorMessage(make.error)}
        </Text>
      ) : null}
    </View>
  );
}

/** What the press did, truthfully: new cards, and concepts the material has no question about. */
export function madeSentence(r: MakeCardsResult, what: string): string {
  const missing = r.uncovered
    ? `${plural(r.uncovered, 'concept')} of this ${what} ${r.uncovered === 1 ? 'has' : 'have'} no card: no question about ${r.uncovered === 1 ? 'it' : 'them'} was found.`
    : '';
  if (r.created.length)
    return `${plural(r.created.length, 'new card')} from ${plural(r.concepts.length, 'concept')}.${missing ? ` ${missing}` : ''}`;
  return missing
    ? `Nothing new. ${missing}`
    : `Nothing new: every concept of this ${what} already has its card.`;
}
