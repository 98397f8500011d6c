import type { Difficulty, LearningPath, LearningPathSummary, TutorByline } from '@chitchat/contracts';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { useState } from 'react';
import { FlatList, Pressable, StyleSheet, View } from 'react-native';
import { LessonOutline } from '@/components/LessonOutline';
import { Markdown } from '@/components/Markdown';
import { OfflineNotice } from '@/components/OfflineNotice';
import { Button, Card, EmptyState, ErrorState, Icon, Input, LoadingState, Screen, Text } from '@/components/ui';
import { errorMessage } from '@/lib/api';
import {
  useCompleteLessonMutation,
  useCreatePathMutation,
  useLearningPathQuery,
  useLearningPathsQuery,
  useLessonQuery,
} from '@/state/queries/learning';
import { useSaveToLibraryMutation } from '@/state/queries/library';
import { useProfileQuery } from '@/state/queries/profile';
import { useGenerateReviewMutation } from '@/state/queries/review';
import {
  useCatalogPathQuery,
  useCompleteEnrollmentLessonMutation,
  useEnrollMutation,
  useEnrollmentLessonQuery,
  useEnrollmentQuery,
} from '@/state/queries/tutor';
import { useTheme } from '@/theme';
import { QueryFallback } from '@/components/QueryFallback';

/**
 * Learning paths. No `id`: create a path and list mine. `id`: the path (lessons, progress).
 * `id` + `lesson`: the lesson reader, with "complete" (XP) and "review this lesson".
 */
export default function LearningPathScreen() {
  const { id, lesson, topic, catalog, enrollment } = useLocalSearchParams<{
    id?: string;
    lesson?: string;
    topic?: string;
    catalog?: string;
    enrollment?: string;
  }>();
  if (catalog) return <CatalogDetail id={catalog} />;
  if (enrollment && lesson) return <EnrollmentLessonView enrollmentId={enrollment} lessonId={lesson} />;
  if (enrollment) return <EnrollmentView id={enrollment} />;
  if (id && lesson) return <LessonReader pathId={id} lessonId={lesson} />;
  if (id) return <PathDetail id={id} />;
  return <PathHome initialTopic={typeof topic === 'string' ? topic : ''} />;
}

const LEVELS: { id: Difficulty; label: string }[] = [
  { id: 'beginner', label: 'Beginner' },
  { id: 'intermediate', label: 'Intermediate' },
  { id: 'advanced', label: 'Advanced' },
];

function PathHome({ initialTopic }: { initialTopic: string }) {
  const router = useRouter();
  const { colors, radius, spacing, maxContentWidth } = useTheme();
  const [topic, setTopic] = useState(initialTopic);
  const [goal, setGoal] = useState('');
  // The learner's own level (onboarding or Profile) until they pick another for this path.
  const profile = useProfileQuery();
  const [picked, setLevel] = useState<Difficulty | null>(null);
  const level: Difficulty = picked ?? profile.data?.preferences.preferredDifficulty ?? 'beginner';
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreatePathMutation();
  const paths = useLearningPathsQuery();
  const items = paths.data?.pages.flatMap((p) => p.items) ?? [];

  const submit = () => {
    if (topic.trim().length < 2) {
      setProblem('Tell us what you want to learn (a topic or a question).');
      return;
    }
    setProblem(null);
    create.mutate(
      { topic: topic.trim(), difficulty: level, ...(goal.trim() ? { goal: goal.trim() } : {}) },
      { onSuccess: (path) => router.replace({ pathname: '/learning-path', params: { id: path.id } }) },
    );
  };

  const header = (
    <View style={{ gap: spacing.lg, paddingBottom: spacing.lg }}>
      <OfflineNotice />
      <Card style={{ gap: spacing.md }}>
        <Text variant="heading" accessibilityRole="header">
          Create a learning path
        </Text>
        <Text tone="muted">ChitChat plans lessons of rising difficulty, with objectives, exercises and reviews.</Text>
        <Input label="Topic" value={topic} onChangeText={setTopic} placeholder="e.g. Photosynthesis, Python basics" error={problem} returnKeyType="go" onSubmitEditing={submit} />
        <Input label="Goal (optional)" value={goal} onChangeText={setGoal} placeholder="e.g. Pass my biology exam" />
        <View role="radiogroup" aria-label="Level" style={[styles.wrap, { gap: spacing.sm }]}>
          {LEVELS.map((l) => (
            <Pressable
              key={l.id}
              role="radio"
              aria-checked={level === l.id}
              accessibilityLabel={l.label}
              onPress={() => setLevel(l.id)}
              style={{
                borderWidth: 1,
                borderColor: level === l.id ? colors.primary : colors.border,
                backgroundColor: level === l.id ? colors.primarySoft : colors.surface,
                borderRadius: radius.pill,
                paddingHorizontal: spacing.lg,
                paddingVertical: spacing.sm,
              }}
            >
              <Text variant="label" style={{ color: level === l.id ? colors.primary : colors.text }}>
                {l.label}
              </Text>
            </Pressable>
          ))}
        </View>
        <Button label={create.isPending ? 'Planning your path…' : 'Generate path'} loading={create.isPending} onPress={submit} />
        {create.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {errorMessage(create.error)}
          </Text>
        ) : null}
      </Card>
      <Text variant="heading" accessibilityRole="header">
        My paths
      </Text>
      {paths.isPending ? <LoadingState label="Loading your paths…" /> : null}
      {paths.isError ? <ErrorState message={errorMessage(paths.error)} onRetry={() => void paths.refetch()} /> : null}
      {paths.isSuccess && items.length === 0 ? (
        <EmptyState icon="map-outline" title="No paths yet" message="Your learning paths will appear here." />
      ) : null}
    </View>
  );

  return (
    <View style={[styles.fill, { backgroundColor: colors.background }]}>
      <Stack.Screen options={{ title: 'Learning paths' }} />
      <FlatList
        data={items}
        keyExtractor={(p) => p.id}
        ListHeaderComponent={header}
        renderItem={({ item }) => <PathRow path={item} onPress={() => router.push({ pathname: '/learning-path', params: { id: item.id } })} />}
        ItemSeparatorComponent={() => <View style={{ height: spacing.sm }} />}
        onEndReached={() => {
          if (paths.hasNextPage && !paths.isFetchingNextPage) void paths.fetchNextPage();
        }}
        contentContainerStyle={{ padding: spacing.lg, width: '100%', maxWidth: maxContentWidth, alignSelf: 'center' }}
      />
    </View>
  );
}

function PathRow({ path, onPress }: { path: LearningPathSummary; onPress: () => void }) {
  const { colors, radius, spacing } = useTheme();
  const pct = path.progress.completionPercentage;
  return (
    <Card onPress={onPress} accessibilityLabel={`Learning path: ${path.title}, ${pct}% complete`}>
      <View style={{ gap: spacing.sm }}>
        <Text variant="bodyStrong" numberOfLines={2}>
          {path.title}
        </Text>
        <Text variant="caption" tone="muted">
          {path.lessonCount} lessons · {path.difficulty ?? 'mixed'} · {pct}% complete
        </Text>
        <View style={[styles.track, { backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}>
          <View style={{ width: `${pct}%`, height: '100%', backgroundColor: colors.success, borderRadius: radius.pill }} />
        </View>
      </View>
    </Card>
  );
}

function PathDetail({ id }: { id: string }) {
  const router = useRouter();
  const { spacing } = useTheme();
  const path = useLearningPathQuery(id);

  if (!path.isSuccess) return <QueryFallback query={path} loading="Loading the path…" />;
  const p: LearningPath = path.data;
  const done = new Set(p.progress.completedLessons);
  const next = nextLesson(p.progress, p.lessons, done);
  const open = (lessonId: string) => router.push({ pathname: '/learning-path', params: { id, lesson: lessonId } });

  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: p.title }} />
      <View style={{ gap: spacing.sm }}>
        <Text variant="title" accessibilityRole="header">
          {p.title}
        </Text>
        {p.description ? <Text tone="muted">{p.description}</Text> : null}
        <Text variant="caption" tone="muted">
          {p.lessonCount} lessons{p.estimatedHours ? ` · about ${p.estimatedHours} h` : ''}{p.difficulty ? ` · ${p.difficulty}` : ''}
        </Text>
        {p.offline ? (
          <Text variant="caption" tone="muted">
            An outline, planned without an AI model: its lessons open as outlines with passages from your own material.
          </Text>
        ) : null}
      </View>
      <Card style={{ gap: spacing.sm }}>
        <PathProgress percentage={p.progress.completionPercentage} />
        <SaveButton body={{ kind: 'path', pathId: id }} label="Save path to library" />
        {next ? (
          <Button
            label={done.size === 0 ? 'Start the first lesson' : p.progress.completionPercentage === 100 ? 'Read again' : 'Continue'}
            onPress={() => open(next)}
          />
        ) : null}
      </Card>
      <Objectives items={p.objectives} />
      <LessonList lessons={p.lessons} done={done} onOpen={open} />
    </Screen>
  );
}

function LessonReader({ pathId, lessonId }: { pathId: string; lessonId: string }) {
  const router = useRouter();
  const { colors, radius, spacing } = useTheme();
  const lesson = useLessonQuery(pathId, lessonId);
  const path = useLearningPathQuery(pathId);
  const complete = useCompleteLessonMutation(pathId);
  const review = useGenerateReviewMutation();
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const toggle = (k: string) => setShown((s) => ({ ...s, [k]: !s[k] }));

  if (!lesson.isSuccess) return <QueryFallback query={lesson} loading="Preparing your lesson…" />;
  const l = lesson.data;
  const lessons = path.data?.lessons ?? [];
  const index = lessons.findIndex((x) => x.id === lessonId);
  const nextLesson = index >= 0 ? lessons[index + 1] : undefined;
  const result = complete.data;

  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: `Lesson ${l.position}` }} />
      <View style={{ gap: spacing.xs }}>
        <Text variant="caption" tone="primary">
          {path.data?.title ?? 'Lesson'} · lesson {l.position}
          {lessons.length ? ` of ${lessons.length}` : ''}
        </Text>
        <Text variant="title" accessibilityRole="header">
          {l.lesson.title}
        </Text>
        <Text variant="caption" tone="muted">
          {l.lesson.estimatedMinutes} min · {l.lesson.difficulty}
        </Text>
      </View>
      {l.content ? (
        <>
          <Card style={{ gap: spacing.sm }}>
            <Markdown content={l.content.explanation} color={colors.text} />
          </Card>
          <Card style={{ gap: spacing.xs, backgroundColor: colors.primarySoft, borderColor: colors.primarySoft }}>
            <Text variant="bodyStrong">Key points</Text>
            {l.content.keyPoints.map((k, i) => (
              <View key={i} style={[styles.row, { gap: spacing.sm, alignItems: 'flex-start' }]}>
                <Icon name="sparkles-outline" size={16} color={colors.primary} />
                <Text style={styles.flex}>{k}</Text>
              </View>
            ))}
          </Card>
          <Card style={{ gap: spacing.sm }}>
            <Text variant="bodyStrong">Worked example</Text>
            <Markdown content={l.content.workedExample.problem} color={colors.text} />
            <Button label={shown.example ? 'Hide solution' : 'Show solution'} variant="ghost" size="sm" onPress={() => toggle('example')} />
            {shown.example ? <Markdown content={l.content.workedExample.solution} color={colors.text} /> : null}
          </Card>
          <Text variant="heading" accessibilityRole="header">
            Practice
          </Text>
          {l.content.exercises.map((ex, i) => (
            <Card key={i} style={{ gap: spacing.sm }}>
              <Text variant="label" tone="muted">
                Exercise {i + 1}
              </Text>
              <Markdown content={ex.prompt} color={colors.text} />
              <View style={[styles.row, { gap: spacing.sm, flexWrap: 'wrap' }]}>
                {ex.hint ? (
                  <Button label={shown[`h${i}`] ? 'Hide hint' : 'Hint'} accessibilityLabel={`Hint for exercise ${i + 1}`} variant="ghost" size="sm" onPress={() => toggle(`h${i}`)} />
                ) : null}
                <Button label={shown[`s${i}`] ? 'Hide answer' : 'Answer'} accessibilityLabel={`Answer for exercise ${i + 1}`} variant="ghost" size="sm" onPress={() => toggle(`s${i}`)} />
              </View>
              {ex.hint && shown[`h${i}`] ? <Text tone="muted">Hint: {ex.hint}</Text> : null}
              {shown[`s${i}`] ? <Markdown content={ex.solution} color={colors.text} /> : null}
            </Card>
          ))}
          <Card style={{ gap: spacing.xs }}>
            <Text variant="bodyStrong">Summary</Text>
            <Markdown content={l.content.summary} color={colors.text} />
          </Card>
        </>
      ) : (
        <LessonOutline lesson={l.lesson} passages={l.passages} />
      )}

      {l.completed || result ? (
        <View
          accessibilityRole="alert"
          style={{ backgroundColor: colors.successSoft, borderRadius: radius.lg, padding: spacing.lg, gap: spacing.xs }}
        >
          <Text variant="bodyStrong" tone="success">
            {result?.pathFinished ? 'Path complete!' : 'Lesson complete'}
          </Text>
          <Text>
            {result && result.xpAwarded > 0 ? `+${result.xpAwarded} XP · ${result.xp} XP in total` : 'You have finished this lesson.'}
          </Text>
        </View>
      ) : (
        <Button label="Mark lesson complete" size="lg" loading={complete.isPending} onPress={() => complete.mutate(lessonId)} />
      )}
      {complete.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {errorMessage(complete.error)}
        </Text>
      ) : null}
      <View style={[styles.row, { gap: spacing.sm, flexWrap: 'wrap' }]}>
        {l.offline ? null : (
          <Button
            label="Review this lesson"
            variant="secondary"
            icon={<Icon name="layers-outline" size={18} color={colors.primary} />}
            loading={review.isPending}
            onPress={() =>
              review.mutate(
                { source: { type: 'lesson', id: pathId, lessonId }, count: 4 },
                { onSuccess: () => router.push({ pathname: '/review', params: { sourceType: 'lesson', sourceId: pathId, lessonId } }) },
              )
            }
          />
        )}
        {nextLesson ? (
          <Button
            label="Next lesson"
            variant={l.completed || result ? 'primary' : 'ghost'}
            onPress={() => router.replace({ pathname: '/learning-path', params: { id: pathId, lesson: nextLesson.id } })}
          />
        ) : null}
        <Button label="All lessons" variant="ghost" onPress={() => router.replace({ pathname: '/learning-path', params: { id: pathId } })} />
        <SaveButton body={{ kind: 'lesson', pathId, lessonId }} label="Save lesson to library" />
      </View>
      {review.isPending ? <Text tone="muted">Making review cards from this lesson…</Text> : null}
      {review.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          Could not make review cards: {errorMessage(review.error)}
        </Text>
      ) : null}
    </Screen>
  );
}

/** A published tutor path from the catalog: details and "Enrol". */
function CatalogDetail({ id }: { id: string }) {
  const router = useRouter();
  const { spacing } = useTheme();
  const path = useCatalogPathQuery(id);
  const enrol = useEnrollMutation();
  if (!path.isSuccess) return <QueryFallback query={path} loading="Loading the path…" />;
  const p = path.data;
  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: p.title }} />
      <View style={{ gap: spacing.sm }}>
        <Text variant="title" accessibilityRole="header">
          {p.title}
        </Text>
        <Text variant="caption" tone="primary">
          {byline(p.tutor)}
        </Text>
        {p.description ? <Text tone="muted">{p.description}</Text> : null}
        <Text variant="caption" tone="muted">
          {p.lessonCount} lessons · {p.difficulty} · {p.learnerCount} learner{p.learnerCount === 1 ? '' : 's'}
        </Text>
      </View>
      {p.enrollmentId ? (
        <Button label="Open my enrolment" onPress={() => router.replace({ pathname: '/learning-path', params: { enrollment: p.enrollmentId! } })} />
      ) : (
        <Button
          label="Enrol in this path"
          size="lg"
          loading={enrol.isPending}
          onPress={() => enrol.mutate(id, { onSuccess: (e) => router.replace({ pathname: '/learning-path', params: { enrollment: e.id } }) })}
        />
      )}
      {enrol.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {errorMessage(enrol.error)}
        </Text>
      ) : null}
      <Objectives items={p.objectives} />
      <Text variant="heading" accessibilityRole="header">
        Lessons
      </Text>
      {p.lessons.map((l, i) => (
        <Card key={l.id}>
          <Text variant="bodyStrong">
            {i + 1}. {l.title}
          </Text>
          <Text variant="caption" tone="muted">
            {l.estimatedMinutes} min · {l.difficulty}
          </Text>
        </Card>
      ))}
    </Screen>
  );
}

/** An enrolment in a tutor's path: lessons and my progress. */
function EnrollmentView({ id }: { id: string }) {
  const router = useRouter();
  const { spacing } = useTheme();
  const e = useEnrollmentQuery(id);
  if (!e.isSuccess) return <QueryFallback query={e} loading="Loading the path…" />;
  const d = e.data;
  const done = new Set(d.progress.completedLessons);
  const next = nextLesson(d.progress, d.lessons, done);
  const open = (lessonId: string) => router.push({ pathname: '/learning-path', params: { enrollment: id, lesson: lessonId } });
  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: d.path.title }} />
      <View style={{ gap: spacing.xs }}>
        <Text variant="title" accessibilityRole="header">
          {d.path.title}
        </Text>
        <Text variant="caption" tone="primary">
          {byline(d.path.tutor)}
        </Text>
        {d.description ? <Text tone="muted">{d.description}</Text> : null}
      </View>
      <Card style={{ gap: spacing.sm }}>
        <PathProgress percentage={d.progress.completionPercentage} />
        {next ? <Button label={done.size === 0 ? 'Start the first lesson' : 'Continue'} onPress={() => open(next)} /> : null}
      </Card>
      <LessonList lessons={d.lessons} done={done} onOpen={open} />
    </Screen>
  );
}

type LessonSummary = Pick<LearningPath['lessons'][number], 'id' | 'title' | 'estimatedMinutes' | 'difficulty'>;

/** "You will be able to" and the path's objectives; nothing when it has none. */
/** Who teaches a tutor path; a tutor who deleted their account leaves the path to its learners. */
function byline(tutor: TutorByline | null) {
  return tutor ? `By ${tutor.displayName ?? 'a tutor'} · ${tutor.headline}` : 'Former tutor · archived: your lessons and progress stay yours';
}

function Objectives({ items }: { items: string[] }) {
  const { colors, spacing } = useTheme();
  if (!items.length) return null;
  return (
    <Card style={{ gap: spacing.xs }}>
      <Text variant="bodyStrong">You will be able to</Text>
      {items.map((o, i) => (
        <View key={i} style={[styles.row, { gap: spacing.sm }]}>
          <Icon name="checkmark-circle-outline" size={18} color={colors.success} />
          <Text style={styles.flex}>{o}</Text>
        </View>
      ))}
    </Card>
  );
}

/** The lesson to open next: the one the server says is current, else the first not done, else the first. */
function nextLesson(progress: { currentLesson?: string | null }, lessons: LessonSummary[], done: Set<string>) {
  return progress.currentLesson ?? lessons.find((l) => !done.has(l.id))?.id ?? lessons[0]?.id;
}

/** "Progress N%" and the path's progress bar (a path of mine or a tutor's path I am enrolled in). */
function PathProgress({ percentage }: { percentage: number }) {
  const { colors, radius } = useTheme();
  return (
    <>
      <View style={styles.rowBetween}>
        <Text variant="label" tone="muted">
          Progress
        </Text>
        <Text variant="label">{percentage}%</Text>
      </View>
      <View
        role="progressbar"
        aria-label="Path progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percentage}
        style={[styles.track, { height: 10, backgroundColor: colors.surfaceAlt, borderRadius: radius.pill }]}
      >
        <View style={{ width: `${percentage}%`, height: '100%', backgroundColor: colors.success, borderRadius: radius.pill }} />
      </View>
    </>
  );
}

/** The "Lessons" heading and one card per lesson (number or a check when done) that opens it. */
function LessonList({ lessons, done, onOpen }: { lessons: LessonSummary[]; done: Set<string>; onOpen: (lessonId: string) => void }) {
  const { colors, radius, spacing } = useTheme();
  return (
    <>
      <Text variant="heading" accessibilityRole="header">
        Lessons
      </Text>
      {lessons.map((l, i) => {
        const complete = done.has(l.id);
        return (
          <Card key={l.id} onPress={() => onOpen(l.id)} accessibilityLabel={`Lesson ${i + 1}: ${l.title}${complete ? ', completed' : ''}`}>
            <View style={[styles.row, { gap: spacing.md }]}>
              <View style={[styles.badge, { backgroundColor: complete ? colors.successSoft : colors.primarySoft, borderRadius: radius.pill }]}>
                {complete ? <Icon name="checkmark" color={colors.success} /> : <Text variant="label" tone="primary">{i + 1}</Text>}
              </View>
              <View style={styles.flex}>
                <Text variant="bodyStrong">{l.title}</Text>
                <Text variant="caption" tone="muted">
                  {l.estimatedMinutes} min · {l.difficulty}
                </Text>
              </View>
              <Icon name="chevron-forward" size={20} color={colors.textMuted} />
            </View>
          </Card>
        );
      })}
    </>
  );
}

/** A lesson of a tutor's path: the tutor's plan (objectives, outline, exercises) and "complete". */
function EnrollmentLessonView({ enrollmentId, lessonId }: { enrollmentId: string; lessonId: string }) {
  const router = useRouter();
  const { colors, radius, spacing } = useTheme();
  const lesson = useEnrollmentLessonQuery(enrollmentId, lessonId);
  const complete = useCompleteEnrollmentLessonMutation(enrollmentId);
  if (!lesson.isSuccess) return <QueryFallback query={lesson} loading="Loading the lesson…" />;
  const l = lesson.data;
  const result = complete.data;
  const section = (title: string, items: string[], icon: 'flag-outline' | 'list-outline' | 'barbell-outline') => (
    <Card style={{ gap: spacing.xs }}>
      <Text variant="bodyStrong">{title}</Text>
      {items.map((x, i) => (
        <View key={i} style={[styles.row, { gap: spacing.sm, alignItems: 'flex-start' }]}>
          <Icon name={icon} size={16} color={colors.primary} />
          <Text style={styles.flex}>{x}</Text>
        </View>
      ))}
    </Card>
  );
  return (
    <Screen edges={[]}>
      <Stack.Screen options={{ title: `Lesson ${l.position}` }} />
      <Text variant="title" accessibilityRole="header">
        {l.lesson.title}
      </Text>
      <Text variant="caption" tone="muted">
        {l.lesson.estimatedMinutes} min · {l.lesson.difficulty}
      </Text>
      {section('Objectives', l.lesson.objectives, 'flag-outline')}
      {section('Outline', l.lesson.outline, 'list-outline')}
      {section('Exercises', l.lesson.exercises, 'barbell-outline')}
      {l.completed || result ? (
        <View accessibilityRole="alert" style={{ backgroundColor: colors.successSoft, borderRadius: radius.lg, padding: spacing.lg, gap: spacing.xs }}>
          <Text variant="bodyStrong" tone="success">
            {result?.pathFinished ? 'Path complete!' : 'Lesson complete'}
          </Text>
          <Text>{result && result.xpAwarded > 0 ? `+${result.xpAwarded} XP · ${result.xp} XP in total` : 'You have finished this lesson.'}</Text>
        </View>
      ) : (
        <Button label="Mark lesson complete" size="lg" loading={complete.isPending} onPress={() => complete.mutate(lessonId)} />
      )}
      {complete.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {errorMessage(complete.error)}
        </Text>
      ) : null}
      <Button label="All lessons" variant="ghost" onPress={() => router.replace({ pathname: '/learning-path', params: { enrollment: enrollmentId } })} />
    </Screen>
  );
}

function SaveButton({ body, label }: { body: { kind: 'path'; pathId: string } | { kind: 'lesson'; pathId: string; lessonId: string }; label: string }) {
  const save = useSaveToLibraryMutation();
  const { colors } = useTheme();
  return (
    <Button
      label={save.isSuccess ? 'Saved' : save.isError ? 'Could not save: try again' : 'Save'}
      accessibilityLabel={save.isSuccess ? 'Saved to library' : label}
      variant="ghost"
      size="sm"
      icon={<Icon name={save.isSuccess ? 'bookmark' : 'bookmark-outline'} size={16} color={colors.primary} />}
      loading={save.isPending}
      disabled={save.isSuccess}
      onPress={() => save.mutate(body)}
    />
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  wrap: { flexDirection: 'row', flexWrap: 'wrap' },
  row: { flexDirection: 'row', alignItems: 'center' },
  rowBetween: { flexDirection: 'row', justifyContent: 'space-between' },
  track: { height: 6, overflow: 'hidden' },
  badge: { width: 36, height: 36, alignItems: 'center', justifyContent: 'center' },
  flex: { flex: 1 },
});
