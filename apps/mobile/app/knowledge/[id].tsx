import type { ConceptDetail, ConceptSource } from '@chitchat/contracts';
import { Stack as ExpoStack, useLocalSearchParams, useRouter } from 'expo-router';
import { StyleSheet, View } from 'react-native';
import { MakeCardsButton } from '@/components/concepts/MakeCardsButton';
import { MasteryBar } from '@/components/concepts/MasteryBar';
import { isNotFound, NotFound } from '@/components/NotFound';
import { QueryFallback } from '@/components/QueryFallback';
import { isUuid } from '@/lib/ids';
import { Button, Card, Screen, Text } from '@/components/ui';
import { useConceptQuery } from '@/state/queries/concepts';
import { useTheme } from '@/theme';

const SOURCE_KIND: Record<ConceptDetail['sources'][number]['type'], string> = {
  document: 'Document',
  lesson: 'Lesson',
  session: 'Chat',
};
const STATE: Record<ConceptDetail['cards'][number]['state'], string> = {
  new: 'New',
  learning: 'Learning',
  review: 'In review',
  relearning: 'Relearning',
};

/** One concept: its mastery, where it came from, its cards, and practising it. */
export default function ConceptScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const router = useRouter();
  const { spacing } = useTheme();
  const valid = isUuid(id);
  const concept = useConceptQuery(valid ? id : undefined);
  if (!valid || isNotFound(concept.error))
    return <NotFound what="concept" back="/knowledge" backLabel="See your knowledge" />;
  if (!concept.isSuccess) return <QueryFallback query={concept} loading="Loading the concept…" />;
  const c = concept.data;

  // With no cards yet: make them from where it was met first.
  const first = c.sources[0];
  const source: ConceptSource | null =
    !first || first.deleted
      ? null
      : first.type === 'lesson'
        ? first.lessonId
          ? { type: 'lesson', id: first.id, lessonId: first.lessonId }
          : null
        : { type: first.type, id: first.id };
  const open = (s: ConceptDetail['sources'][number]) => {
    if (s.type === 'document') router.push({ pathname: '/uploads/[id]', params: { id: s.id } });
    else if (s.type === 'lesson' && s.lessonId && s.enrollmentId)
      router.push({
        pathname: '/enrollments/[id]/lessons/[lessonId]',
        params: { id: s.enrollmentId, lessonId: s.lessonId },
      });
    else if (s.type === 'lesson' && s.lessonId)
      router.push({ pathname: '/paths/[id]/lessons/[lessonId]', params: { id: s.id, lessonId: s.lessonId } });
    else router.push({ pathname: '/session', params: { id: s.id } });
  };

  return (
    <Screen edges={[]} title={c.name} pageTitle={`${c.name} · Knowledge`}>
      <ExpoStack.Screen options={{ title: 'Concept' }} />
      <Card style={{ gap: spacing.sm }}>
        <MasteryBar concept={c} />
        {c.mastery !== null ? (
          <Text tone="muted">
            Mastery weighs how likely you are to remember it now, how your recent answers went, and how long
            it stays with you.
          </Text>
        ) : null}
        {c.retrievability !== null ? (
          <Text tone="muted">Chance you recall its cards now: {Math.round(c.retrievability * 100)} %</Text>
        ) : null}
        {c.recentAnswers.length ? (
          <Text tone="muted">
            Latest answers: {c.recentAnswers.filter((a) => a.correct).length} of {c.recentAnswers.length}{' '}
            right
          </Text>
        ) : null}
        {c.cards.length ? (
          <Button
            label="Practise"
            accessibilityLabel={`Practise ${c.name}`}
            onPress={() => router.push({ pathname: '/review', params: { practice: '1', conceptId: c.id } })}
          />
        ) : source ? (
          <MakeCardsButton source={source} what={SOURCE_KIND[source.type].toLowerCase()} />
        ) : null}
      </Card>

      <Text variant="heading" accessibilityRole="header">
        Where you met it
      </Text>
      <View style={{ gap: spacing.sm }}>
        {c.sources.map((s) => (
          // A deleted document or chat is named, not linked: it would open "Not found".
          <Card
            key={`${s.type}:${s.id}:${s.lessonId ?? ''}`}
            onPress={s.deleted ? undefined : () => open(s)}
            accessibilityLabel={`${SOURCE_KIND[s.type]}: ${s.title ?? 'Untitled'}${s.deleted ? ' (deleted)' : ''}`}
            testID={s.deleted ? 'deleted-source' : undefined}
          >
            <Text variant="small" tone="muted">
              {SOURCE_KIND[s.type]}
              {s.deleted ? ' · deleted' : ''}
            </Text>
            <Text variant="bodyStrong" tone={s.deleted ? 'muted' : undefined}>
              {s.title ?? 'Untitled'}
            </Text>
          </Card>
        ))}
      </View>

      <Text variant="heading" accessibilityRole="header">
        Cards
      </Text>
      {c.cards.length ? (
        <View style={{ gap: spacing.sm }}>
          {c.cards.map((card) => (
            <Card key={card.id} style={{ gap: spacing.xs }}>
              <Text>{card.question}</Text>
              <Text variant="small" tone="muted" style={styles.meta}>
                {STATE[card.state]} · due {new Date(card.due).toLocaleDateString()} · {card.reps} review
                {card.reps === 1 ? '' : 's'}
              </Text>
            </Card>
          ))}
        </View>
      ) : (
        <Text tone="muted">None yet.</Text>
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({ meta: { flexWrap: 'wrap' } });
