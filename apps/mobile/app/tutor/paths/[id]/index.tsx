import type { TutorPath } from '@chitchat/contracts';
import { Stack, useLocalSearchParams, useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Heading } from '@/components/tutor/Heading';
import { LearnerRow } from '@/components/tutor/LearnerRow';
import { TutorLessonList } from '@/components/tutor/LessonList';
import { fromLines, STATUS_LABEL, toLines } from '@/components/tutor/lines';
import { TutorNotFound } from '@/components/tutor/TutorNotFound';
import { TutorNamePrompt } from '@/components/tutor/TutorNamePrompt';
import {
  Button,
  Card,
  ConfirmDialog,
  ErrorState,
  Input,
  LoadingState,
  Screen,
  Text,
  Toggle,
} from '@/components/ui';
import { ApiError, failureMessage } from '@/lib/api';
import { useIsWide } from '@/lib/layout';
import { WIDE_CONTENT_WIDTH } from '@/theme/spacing';
import {
  useArchivePathMutation,
  useDeleteDraftMutation,
  usePublishPathMutation,
  useTutorPathLearnersQuery,
  useTutorPathQuery,
  useUpdateTutorPathMutation,
} from '@/state/queries/tutorPaths';
import { useProfileQuery } from '@/state/queries/profile';
import { useTheme } from '@/theme';
import { isUuid } from '@/lib/ids';
import { plural } from '@/lib/plural';

/** One of the tutor's paths: its status and what can be done with it, its details, lessons and learners. */
export default function TutorPathScreen() {
  const { id } = useLocalSearchParams<{ id: string }>();
  const valid = isUuid(id);
  const path = useTutorPathQuery(valid ? id : undefined);
  if (!valid || (path.error instanceof ApiError && path.error.status === 404)) return <TutorNotFound />;
  if (path.isPending) return <LoadingState label="Opening your path…" />;
  if (path.isError) {
    return (
      <Screen edges={[]} title="Your path">
        <Stack.Screen options={{ title: 'Your path' }} />
        <ErrorState
          message={failureMessage(path.error, 'Your path could not be opened')}
          onRetry={() => void path.refetch()}
        />
      </Screen>
    );
  }
  return <PathManager path={path.data} />;
}

/** Who keeps an archived path: said with the right number and verb. */
const keepers = (n: number) =>
  n === 0
    ? 'Nobody is enrolled in it now.'
    : n === 1
      ? 'The learner already enrolled keeps it and their progress.'
      : `The ${n} learners already enrolled keep it and their progress.`;

function PathManager({ path }: { path: TutorPath }) {
  const { spacing } = useTheme();
  const router = useRouter();
  const me = useProfileQuery();
  const publish = usePublishPathMutation();
  const archive = useArchivePathMutation();
  const remove = useDeleteDraftMutation();
  const [confirm, setConfirm] = useState<'archive' | 'delete' | null>(null);
  const wide = useIsWide();

  const status = {
    draft: 'Only you can see this draft. Preview it as learners will see it, then publish it to the catalog.',
    published: `In the catalog: learners can find and enrol in it. ${plural(path.learnerCount, 'learner')} enrolled.`,
    archived: `Archived: not in the catalog, so nobody new can enrol. ${keepers(path.learnerCount)}`,
  }[path.status];

  const closeDialog = () => {
    setConfirm(null);
    archive.reset();
    remove.reset();
  };

  return (
    <Screen
      edges={[]}
      title={path.title}
      subtitle={`${STATUS_LABEL[path.status]} · ${plural(path.lessons.length, 'lesson')} · ${path.difficulty}`}
      contentStyle={wide ? { maxWidth: WIDE_CONTENT_WIDTH } : undefined}
    >
      <Stack.Screen options={{ title: path.title }} />
      {/* On a desktop-sized window: what the path is on the left, its lessons and learners on the right. */}
      <View style={wide ? [styles.row, styles.top, { gap: spacing.xl }] : { gap: spacing.lg }}>
        <View style={[wide ? styles.column : null, { gap: spacing.lg }]}>
          <Card style={{ gap: spacing.md }} testID="tutor-path-status">
            <Heading>Status</Heading>
            <Text>{status}</Text>
            {me.data ? <TutorNamePrompt displayName={me.data.displayName} bio={me.data.bio} /> : null}
            <View style={[styles.row, { gap: spacing.sm }]}>
              <Button
                label="Preview as a learner"
                variant="secondary"
                onPress={() =>
                  router.push({ pathname: '/tutor/paths/[id]/preview', params: { id: path.id } })
                }
              />
              {path.status !== 'published' ? (
                <Button
                  label={path.status === 'draft' ? 'Publish' : 'Publish again'}
                  loading={publish.isPending}
                  disabled={!path.lessons.length}
                  onPress={() => publish.mutate(path.id)}
                />
              ) : (
                <Button label="Archive" variant="secondary" onPress={() => setConfirm('archive')} />
              )}
              {path.status === 'draft' ? (
                <Button label="Delete draft" variant="danger" onPress={() => setConfirm('delete')} />
              ) : null}
            </View>
            {publish.isPending ? <Text role="status">Publishing…</Text> : null}
            {publish.isError ? (
              <Text tone="danger" accessibilityRole="alert">
                {publishProblem(publish.error)}
              </Text>
            ) : null}
            {!path.lessons.length && path.status === 'draft' ? (
              <Text tone="muted">Add at least one lesson before publishing.</Text>
            ) : null}
          </Card>

          <Details path={path} />
        </View>

        <View style={[wide ? styles.column : null, { gap: spacing.lg }]}>
          <TutorLessonList path={path} />

          {path.status !== 'draft' ? <Learners pathId={path.id} /> : null}
        </View>
      </View>

      <ConfirmDialog
        visible={confirm === 'archive'}
        title="Archive this path?"
        message={`It leaves the catalog and nobody new can enrol. ${keepers(path.learnerCount)} You can publish it again at any time.`}
        confirmLabel="Archive path"
        busy={archive.isPending}
        problem={archive.isError ? failureMessage(archive.error, 'The path was not archived') : null}
        onConfirm={() => archive.mutate(path.id, { onSuccess: () => setConfirm(null) })}
        onCancel={closeDialog}
      />
      <ConfirmDialog
        visible={confirm === 'delete'}
        title="Delete this draft?"
        message={`“${path.title}” and its ${plural(path.lessons.length, 'lesson')} will be deleted for good. This cannot be undone.`}
        confirmLabel="Delete draft"
        danger
        busy={remove.isPending}
        problem={remove.isError ? deleteProblem(remove.error) : null}
        onConfirm={() =>
          remove.mutate(path.id, {
            onSuccess: () => {
              setConfirm(null);
              router.dismissTo('/tutor/dashboard');
            },
          })
        }
        onCancel={closeDialog}
      />
    </Screen>
  );
}

function publishProblem(e: unknown) {
  if (e instanceof ApiError && e.code === 'path_needs_lessons')
    return 'The path was not published: add at least one lesson first.';
  return failureMessage(e, 'The path was not published');
}

function deleteProblem(e: unknown) {
  if (e instanceof ApiError && e.code === 'path_not_draft')
    return 'This path has been published, so it cannot be deleted: archive it instead (its learners keep it).';
  return failureMessage(e, 'The draft was not deleted');
}

/** The path's title, description and objectives, shown and edited in place. */
function Details({ path }: { path: TutorPath }) {
  const { spacing } = useTheme();
  const update = useUpdateTutorPathMutation(path.id);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(path.title);
  const [description, setDescription] = useState(path.description ?? '');
  const [objectives, setObjectives] = useState(fromLines(path.objectives));
  const [problem, setProblem] = useState<string | null>(null);

  const start = () => {
    setTitle(path.title);
    setDescription(path.description ?? '');
    setObjectives(fromLines(path.objectives));
    setProblem(null);
    update.reset();
    setEditing(true);
  };
  const save = () => {
    const obj = toLines(objectives);
    if (!title.trim()) return setProblem('Give the path a title.');
    if (obj.length > 10) return setProblem('Write at most 10 objectives, one a line.');
    setProblem(null);
    update.mutate(
      { title: title.trim(), description: description.trim() || null, objectives: obj },
      { onSuccess: () => setEditing(false) },
    );
  };

  return (
    <Card style={{ gap: spacing.md }}>
      <Heading>About this path</Heading>
      {editing ? (
        <>
          <Input label="Path title" value={title} onChangeText={setTitle} maxLength={200} error={problem} />
          <Input
            label="Summary"
            value={description}
            onChangeText={setDescription}
            multiline
            numberOfLines={4}
            maxLength={4000}
          />
          <Input
            label="Path objectives (one a line)"
            value={objectives}
            onChangeText={setObjectives}
            multiline
            numberOfLines={4}
          />
          <View style={[styles.row, { gap: spacing.sm }]}>
            <Button
              label={update.isPending ? 'Saving…' : 'Save details'}
              loading={update.isPending}
              onPress={save}
            />
            <Button
              label="Cancel"
              variant="ghost"
              disabled={update.isPending}
              onPress={() => setEditing(false)}
            />
          </View>
          {update.isError ? (
            <Text tone="danger" accessibilityRole="alert">
              {failureMessage(update.error, 'The details were not saved')}
            </Text>
          ) : null}
        </>
      ) : (
        <>
          <Text tone={path.description ? 'default' : 'muted'}>{path.description || 'No summary yet.'}</Text>
          {path.objectives.length ? (
            <View style={{ gap: spacing.xs }}>
              <Heading depth={2}>Learners will be able to</Heading>
              {path.objectives.map((o, i) => (
                <Text key={i}>• {o}</Text>
              ))}
            </View>
          ) : null}
          <View style={styles.row}>
            <Button label="Edit details" size="sm" variant="secondary" onPress={start} />
          </View>
        </>
      )}
      <Toggle
        label="Require Socratic mode"
        value={path.requireSocratic}
        disabled={update.isPending}
        onChange={(requireSocratic) => update.mutate({ requireSocratic })}
        hint="In learners’ chats about this path the tutor gives hints and guiding questions first, and the solution only after they try. Learners cannot turn it off."
      />
    </Card>
  );
}

/** The learners enrolled now, by their public display name, with their progress. */
function Learners({ pathId }: { pathId: string }) {
  const { spacing } = useTheme();
  const learners = useTutorPathLearnersQuery(pathId);
  const all = learners.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card style={{ gap: spacing.sm }} testID="tutor-path-learners">
      <Heading>Learners</Heading>
      {learners.isPending ? (
        <Text tone="muted">Loading learners…</Text>
      ) : learners.isError ? (
        <ErrorState
          message={failureMessage(learners.error, 'The learners could not be loaded')}
          onRetry={() => void learners.refetch()}
        />
      ) : all.length === 0 ? (
        <Text tone="muted">No learners yet.</Text>
      ) : (
        all.map((l) => <LearnerRow key={l.userId} learner={l} />)
      )}
      {learners.hasNextPage ? (
        <Button
          label="Show more learners"
          size="sm"
          variant="ghost"
          loading={learners.isFetchingNextPage}
          onPress={() => void learners.fetchNextPage()}
        />
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' },
  flex: { flex: 1 },
  top: { alignItems: 'flex-start', flexWrap: 'nowrap' },
  column: { flex: 1, minWidth: 0 },
});
