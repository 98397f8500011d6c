import type { ConceptSource } from '@chitchat/contracts';
import { View } from 'react-native';
import { Button, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useMakeCardsMutation } from '@/state/queries/concepts';
import { useTheme } from '@/theme';

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
          {r.created.length
            ? `${r.created.length} new card${r.created.length === 1 ? '' : 's'} from ${r.concepts.length} concept${r.concepts.length === 1 ? '' : 's'}.`
            : `Nothing new: every concept of this ${what} already has its card.`}
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
