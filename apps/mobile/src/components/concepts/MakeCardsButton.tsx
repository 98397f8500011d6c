import type { ConceptSource, MakeCardsResult } from '@chitchat/contracts';
import { useEffect, useRef } from 'react';
import { View } from 'react-native';
import { Button, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { useMakeCardsMutation } from '@/state/queries/concepts';
import { useTheme } from '@/theme';
import { plural } from '@/lib/plural';

/**
 * "Make cards": review cards from this document, lesson or chat, one per concept (POST /concepts/cards).
 * What the press did shows where the learner is looking: just above the button (so it takes the
 * place the tap was made, even with the button at the bottom of a phone's screen), announced as a
 * status, and on the web scrolled into view if it is not.
 */
export function MakeCardsButton({ source, what }: { source: ConceptSource; what: string }) {
  const make = useMakeCardsMutation();
  const { spacing } = useTheme();
  const r = make.data;
  const said = make.isError ? errorMessage(make.error) : r ? madeSentence(r, what) : null;
  const status = useRef<View>(null);
  useEffect(() => {
    // react-native-web renders a View as a DOM element; native has no such method (nor the need).
    if (said)
      (status.current as unknown as Partial<HTMLElement> | null)?.scrollIntoView?.({ block: 'nearest' });
  }, [said]);
  return (
    <View>
      <View
        ref={status}
        style={said ? { marginBottom: spacing.xs } : null}
        role={make.isError ? 'alert' : 'status'}
        accessibilityLiveRegion="polite"
        aria-live="polite"
        testID="make-cards-result"
      >
        {said ? <Text tone={make.isError ? 'danger' : 'muted'}>{said}</Text> : null}
      </View>
      <Button
        label={make.isPending ? 'Making cards…' : 'Make cards'}
        accessibilityHint={`Makes review cards from the concepts of this ${what}`}
        variant="secondary"
        loading={make.isPending}
        onPress={() => make.mutate(source)}
      />
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
