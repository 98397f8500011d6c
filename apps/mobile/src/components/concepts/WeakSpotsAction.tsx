import { Button, Text } from '@/components/ui';

/**
 * Knowledge's way into practice: "Practise weak spots" only when a concept is weak (with cards to
 * practise); with none weak it says so instead of offering a session of weak spots that are not there.
 */
export function WeakSpotsAction({
  weak,
  practisable,
  onPractise,
}: {
  /** How many concepts are weak (all of them, not only the loaded page); undefined while loading. */
  weak: number | undefined;
  /** Whether any concept has cards. */
  practisable: boolean;
  onPractise: () => void;
}) {
  if (!practisable || weak === undefined) return null;
  if (weak === 0)
    return (
      <Text tone="muted" testID="no-weak-spots">
        Nothing is weak right now: Review brings your cards back when they are due.
      </Text>
    );
  return <Button label="Practise weak spots" onPress={onPractise} />;
}
