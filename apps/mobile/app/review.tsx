import type { AnswerResult, ReviewCard } from '@chitchat/contracts';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useMemo, useState } from 'react';
import { Pressable, StyleSheet, View } from 'react-native';
import { Markdown } from '@/components/Markdown';
import { Button, Card, EmptyState, Icon, Input, ProgressBar, Screen, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import { formatDueAt, formatNextReview } from '@/lib/dueTime';
import { feedbackAfterVerdict } from '@/lib/reviewFeedback';
import {
  useAnswerMutation,
  useDueCardsQuery,
  useHintMutation,
  useNextDueQuery,
  type DueFilter,
} from '@/state/queries/review';
import { useProfileQuery } from '@/state/queries/profile';
import { usePracticeQuery } from '@/state/queries/concepts';
import { useTheme } from '@/theme';
import { QueryFallback } from '@/components/QueryFallback';

/**
 * The daily review: today's due cards one at a time — answer, hints, feedback, next. With
 * `sourceType`/`sourceId`/`lessonId` (from "Review this lesson") only that source's cards.
 */
export default function ReviewScreen() {
  const router = useRouter();
  const params = useLocalSearchParams<{
    sourceType?: string;
    sourceId?: string;
    lessonId?: string;
    practice?: string;
    conceptId?: string;
  }>();
  // "Practise weak spots" (Knowledge): the weakest concepts' cards, due ones first, answered here
  // through the same answer flow (a card that is not due is practice: no XP, schedule unchanged).
  const practice = params.practice === '1';
  const filter = useMemo<DueFilter | undefined>(
    () =>
      params.sourceType === 'lesson' && params.sourceId && params.lessonId
        ? { sourceType: 'lesson', sourceId: params.sourceId, lessonId: params.lessonId }
        : undefined,
    [params.sourceType, params.sourceId, params.lessonId],
  );
  const dueQuery = useDueCardsQuery(filter, !practice);
  const weakSpots = usePracticeQuery(params.conceptId || undefined, practice);
  const due = practice ? weakSpots : dueQuery;
  const { colors, radius, spacing } = useTheme();
  // The queue is fixed when the session starts so answered cards don't reshuffle it.
  const queue = useMemo(() => due.data?.items ?? [], [due.data]);
  const [index, setIndex] = useState(0);
  const [stats, setStats] = useState({ answered: 0, correct: 0, xp: 0 });

  if (!due.isSuccess) return <QueryFallback query={due} loading="Loading today’s cards…" />;

  const card = queue[index];
  if (!card) {
    const nextDue = (
      <NextDue
        filter={filter}
        initial={stats.answered > 0 ? undefined : 'nextDueAt' in due.data ? due.data.nextDueAt : undefined}
        onAgain={() => {
          setIndex(0);
          setStats({ answered: 0, correct: 0, xp: 0 });
          void due.refetch();
        }}
      />
    );
    return (
      <Screen
        edges={[]}
        subtitle={filter ? 'This lesson’s cards.' : 'A few minutes a day keeps forgetting away.'}
      >
        {stats.answered > 0 ? (
          <Card style={{ alignItems: 'center', gap: spacing.sm, padding: spacing.xl }}>
            <View style={[styles.badge, { backgroundColor: colors.successSoft, borderRadius: radius.pill }]}>
              <Icon name="trophy-outline" size={28} color={colors.success} />
            </View>
            <Text variant="title" accessibilityRole="header">
              Review done
            </Text>
            <Text tone="muted" align="center">
              {stats.correct} of {stats.answered} correct · +{stats.xp} XP
            </Text>
            {nextDue}
            <Button label="Back to Home" onPress={() => router.replace('/')} />
          </Card>
        ) : (
          <>
            {nextDue}
            <EmptyState
              icon="checkmark-done-outline"
              title="You’re all caught up"
              message={
                practice
                  ? 'No concept has cards to practise yet: make cards from a document, lesson or chat.'
                  : filter
                    ? 'None of this lesson’s cards are due right now.'
                    : 'No cards are due right now. Finish a lesson or chat and tap “Review this lesson” to make new ones.'
              }
              actionLabel="Back to Home"
              onAction={() => router.replace('/')}
            />
          </>
        )}
      </Screen>
    );
  }

  // One concept's practice is named after it; "Weak spots" is the session of the weakest ones.
  const practised = practice && params.conceptId && 'concepts' in due.data ? due.data.concepts[0] : undefined;
  const sessionLabel = practised
    ? `${practised.name} · `
    : practice
      ? 'Weak spots · '
      : filter
        ? 'This lesson · '
        : '';

  return (
    <Screen edges={[]}>
      <View style={{ gap: spacing.xs }}>
        <View style={styles.rowBetween}>
          <Text variant="label" tone="muted">
            {sessionLabel}Card {index + 1} of {queue.length}
          </Text>
          <Text variant="label" tone="primary">
            {stats.xp > 0 ? `+${stats.xp} XP` : ''}
          </Text>
        </View>
        <ProgressBar label="Review progress" value={index} max={queue.length} tone="success" />
      </View>
      <Flashcard
        key={card.id}
        card={card}
        onAnswered={(r) =>
          setStats((s) => ({
            answered: s.answered + 1,
            correct: s.correct + (r.correct ? 1 : 0),
            xp: s.xp + r.xpAwarded,
          }))
        }
        onNext={() => setIndex((i) => i + 1)}
        last={index === queue.length - 1}
      />
    </Screen>
  );
}

function Flashcard({
  card,
  onAnswered,
  onNext,
  last,
}: {
  card: ReviewCard;
  onAnswered: (r: AnswerResult) => void;
  onNext: () => void;
  last: boolean;
}) {
  const { colors, radius, spacing } = useTheme();
  const [answer, setAnswer] = useState('');
  const [hints, setHints] = useState<string[]>(card.hintsRevealed);
  const hint = useHintMutation();
  const submit = useAnswerMutation();
  const result = submit.data;
  const feedback = result ? feedbackAfterVerdict(result.feedback, result.correct === true) : null;
  const hintsLeft = card.hintCount - hints.length;

  const check = (value: string) => {
    if (!value.trim() || submit.isPending || result) return;
    submit.mutate({ cardId: card.id, answer: value.trim() }, { onSuccess: onAnswered });
  };

  return (
    <Card style={{ gap: spacing.lg, padding: spacing.xl }} testID="flashcard">
      <View style={[styles.row, { gap: spacing.sm }]}>
        <View style={[styles.pill, { backgroundColor: colors.primarySoft, borderRadius: radius.pill }]}>
          <Text variant="small" tone="primary">
            {card.type === 'multiple_choice'
              ? 'Multiple choice'
              : card.type === 'cloze'
                ? 'Fill the gap'
                : 'Short answer'}
          </Text>
        </View>
        {card.source.title ? (
          <Text variant="small" tone="muted" numberOfLines={1} style={styles.flex}>
            From {card.source.title}
          </Text>
        ) : null}
      </View>
      <View accessibilityRole="header" aria-label={`Question: ${card.question}`}>
        <Markdown content={card.question} color={colors.text} />
      </View>

      {card.type === 'multiple_choice' && card.choices ? (
        <View role="radiogroup" aria-label="Choices" style={{ gap: spacing.sm }}>
          {card.choices.map((choice) => {
            const picked = answer === choice;
            const isRight = result && choice === result.expectedAnswer;
            const isWrongPick = result && picked && !result.correct;
            return (
              <Pressable
                key={choice}
                role="radio"
                aria-checked={picked}
                accessibilityLabel={choice}
                disabled={!!result || submit.isPending}
                onPress={() => setAnswer(choice)}
                style={({ pressed }) => ({
                  borderWidth: 1.5,
                  borderRadius: radius.md,
                  padding: spacing.md,
                  borderColor: isRight
                    ? colors.success
                    : isWrongPick
                      ? colors.danger
                      : picked
                        ? colors.primary
                        : colors.border,
                  backgroundColor: isRight
                    ? colors.successSoft
                    : isWrongPick
                      ? colors.dangerSoft
                      : picked
                        ? colors.primarySoft
                        : pressed
                          ? colors.surfaceAlt
                          : colors.surface,
                })}
              >
                <Text>{choice}</Text>
              </Pressable>
            );
          })}
        </View>
      ) : (
        <Input
          label="Your answer"
          value={answer}
          onChangeText={setAnswer}
          editable={!result}
          placeholder={card.type === 'cloze' ? 'The missing word' : 'Type your answer'}
          returnKeyType="done"
          onSubmitEditing={() => check(answer)}
        />
      )}

      {hints.length ? (
        <View style={{ gap: spacing.xs }}>
          {hints.map((h, i) => (
            <View key={i} style={[styles.row, { gap: spacing.sm, alignItems: 'flex-start' }]}>
              <Icon name="bulb-outline" size={16} color={colors.accent} />
              <Text tone="muted" style={styles.flex}>
                {h}
              </Text>
            </View>
          ))}
        </View>
      ) : null}

      {result ? (
        <View
          accessibilityRole="alert"
          style={{
            backgroundColor: result.correct ? colors.successSoft : colors.dangerSoft,
            borderRadius: radius.md,
            padding: spacing.md,
            gap: spacing.xs,
          }}
        >
          <Text variant="bodyStrong" tone={result.correct ? 'success' : 'danger'}>
            {result.correct ? 'Correct!' : 'Not quite'}
            {result.xpAwarded > 0 ? ` · +${result.xpAwarded} XP` : ''}
          </Text>
          {/* Said once: a verdict opening the feedback ("Not quite: …") repeats the heading, and
              feedback naming the answer makes the Answer line a repeat. */}
          {feedback ? <Text>{feedback}</Text> : null}
          {!result.correct && !result.feedback.includes(result.expectedAnswer) ? (
            <Text variant="caption">Answer: {result.expectedAnswer}</Text>
          ) : null}
          <Text variant="caption" tone="muted">
            {result.explanation}
          </Text>
          <Text variant="small" tone="muted">
            {result.practice
              ? 'Practice: this card is not due yet, so it earns no XP and keeps its schedule.'
              : `Next review ${formatNextReview(result.intervalDays)}`}
          </Text>
        </View>
      ) : null}
      {submit.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {errorMessage(submit.error)}
        </Text>
      ) : null}

      <View style={[styles.row, { gap: spacing.sm, flexWrap: 'wrap' }]}>
        {result ? (
          <Button label={last ? 'Finish' : 'Next card'} onPress={onNext} />
        ) : (
          <>
            <Button
              label="Check answer"
              disabled={!answer.trim()}
              loading={submit.isPending}
              onPress={() => check(answer)}
            />
            {hintsLeft > 0 ? (
              <Button
                label={`Hint (${hintsLeft} left)`}
                accessibilityLabel="Show a hint"
                variant="ghost"
                loading={hint.isPending}
                onPress={() => hint.mutate(card.id, { onSuccess: (h) => setHints(h.hintsRevealed) })}
              />
            ) : null}
          </>
        )}
      </View>
    </Card>
  );
}

/**
 * Once the queue is empty: "All done — next card due at …" (in the learner's time zone), or, when
 * cards fell due again meanwhile (a card answered wrong comes back in minutes), a way to start again.
 * `initial` is the queue's own nextDueAt when nothing was answered in this visit.
 */
function NextDue({
  filter,
  initial,
  onAgain,
}: {
  filter?: DueFilter;
  initial?: string | null;
  onAgain: () => void;
}) {
  const profile = useProfileQuery();
  const next = useNextDueQuery(filter, initial === undefined);
  const { spacing } = useTheme();
  const timeZone = profile.data?.preferences.timezone;
  if (initial !== undefined) return initial ? <AllDone at={initial} timeZone={timeZone} /> : null;
  if (next.isPending) return <Text tone="muted">Checking when your next card is due…</Text>;
  if (next.isError)
    return (
      <Text tone="danger" accessibilityRole="alert">
        Could not check when your next card is due: {errorMessage(next.error)}
      </Text>
    );
  if (next.data.items.length > 0)
    return (
      <View style={{ gap: spacing.sm }}>
        <Text>Some cards are due again now.</Text>
        <Button label="Review them" variant="secondary" onPress={onAgain} />
      </View>
    );
  return next.data.nextDueAt ? (
    <AllDone at={next.data.nextDueAt} timeZone={timeZone} />
  ) : (
    <Text variant="bodyStrong">All done — no more cards scheduled.</Text>
  );
}

function AllDone({ at, timeZone }: { at: string; timeZone?: string }) {
  return (
    <Text variant="bodyStrong" align="center" accessibilityRole="summary" testID="next-due">
      All done — next card due at {formatDueAt(at, timeZone)}
    </Text>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  rowBetween: { flexDirection: 'row', justifyContent: 'space-between' },
  badge: { width: 56, height: 56, alignItems: 'center', justifyContent: 'center' },
  pill: { paddingHorizontal: 10, paddingVertical: 3 },
  flex: { flex: 1 },
});
