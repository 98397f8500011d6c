import type { Difficulty, TutorPathSummary } from '@chitchat/contracts';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Heading } from '@/components/tutor/Heading';
import { LevelPicker } from '@/components/tutor/LevelPicker';
import { PathStatsCard } from '@/components/tutor/PathStatsCard';
import { TutorNamePrompt } from '@/components/tutor/TutorNamePrompt';
import { TutorProfileForm } from '@/components/tutor/TutorProfileForm';
import {
  Button,
  Card,
  EmptyState,
  ErrorState,
  Icon,
  Input,
  LoadingState,
  Screen,
  Text,
} from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { useIsWide } from '@/lib/layout';
import { WIDE_CONTENT_WIDTH } from '@/theme/spacing';
import { useProfileQuery } from '@/state/queries/profile';
import {
  useBecomeTutorMutation,
  useGenerateTutorPathMutation,
  useTutorDashboardQuery,
  useTutorProfileQuery,
  useUpdateTutorProfileMutation,
} from '@/state/queries/tutor';
import { usePublishPathMutation, useTutorPathListQuery } from '@/state/queries/tutorPaths';
import { useTheme } from '@/theme';
import { QueryFallback } from '@/components/QueryFallback';

/** Tutors: become one, draft paths (AI-assisted), publish them and follow learners' progress. */
export default function TutorDashboardScreen() {
  const profile = useProfileQuery();
  if (!profile.isSuccess) return <QueryFallback query={profile} loading="Loading…" />;
  return profile.data.isTutor ? <Dashboard me={profile.data} /> : <BecomeTutor />;
}

function BecomeTutor() {
  const { colors, spacing } = useTheme();
  const become = useBecomeTutorMutation();
  return (
    <Screen
      edges={[]}
      title="Become a tutor"
      subtitle="Share what you know: publish learning paths and see how your learners do."
    >
      <Card style={{ gap: spacing.md }}>
        {[
          ['create-outline', 'Draft a path in minutes, from your outline or an AI draft'],
          ['people-outline', 'Learners enrol from Discover and earn XP as they go'],
          ['stats-chart-outline', 'See completion, drop-off per lesson and review accuracy'],
        ].map(([icon, text]) => (
          <View key={text} style={[styles.row, { gap: spacing.sm }]}>
            <Icon name={icon as 'create-outline'} size={20} color={colors.primary} />
            <Text style={styles.flex}>{text}</Text>
          </View>
        ))}
      </Card>
      <Card>
        <TutorProfileForm
          submitLabel="Create my tutor profile"
          saving={become.isPending}
          failure={become.isError ? failureMessage(become.error, 'Your tutor profile was not created') : null}
          onSubmit={({ bio, ...rest }) => become.mutate({ ...rest, ...(bio ? { bio } : {}) })}
        />
      </Card>
    </Screen>
  );
}

/** The tutor profile learners see beside the tutor's paths, and editing it with the creation form. */
function TutorProfileCard() {
  const { spacing } = useTheme();
  const profile = useTutorProfileQuery(true);
  const update = useUpdateTutorProfileMutation();
  const [editing, setEditing] = useState(false);
  if (!profile.isSuccess) return null;
  const t = profile.data;
  return (
    <Card style={{ gap: spacing.md }} testID="tutor-profile">
      <Heading>Your tutor profile</Heading>
      {editing ? (
        <TutorProfileForm
          initial={t}
          submitLabel="Save tutor profile"
          saving={update.isPending}
          failure={update.isError ? failureMessage(update.error, 'Your tutor profile was not saved') : null}
          onSubmit={(values) =>
            update.mutate({ ...values, bio: values.bio || null }, { onSuccess: () => setEditing(false) })
          }
          onCancel={() => {
            update.reset();
            setEditing(false);
          }}
        />
      ) : (
        <>
          <Text variant="bodyStrong">{t.headline}</Text>
          {t.bio ? <Text>{t.bio}</Text> : <Text tone="muted">No “About you” yet.</Text>}
          <Text variant="caption" tone="muted">
            {t.subjects.length ? `Subjects: ${t.subjects.join(', ')}` : 'No subjects yet.'}
          </Text>
          <View style={[styles.row, styles.wrap]}>
            <Button
              label="Edit tutor profile"
              size="sm"
              variant="secondary"
              onPress={() => setEditing(true)}
            />
          </View>
        </>
      )}
    </Card>
  );
}

function Dashboard({ me }: { me: { displayName: string | null; bio: string | null } }) {
  const { spacing } = useTheme();
  const router = useRouter();
  const dash = useTutorDashboardQuery(true);
  const drafts = useTutorPathListQuery('draft');
  const generate = useGenerateTutorPathMutation();
  const publish = usePublishPathMutation();
  const [topic, setTopic] = useState('');
  const [level, setLevel] = useState<Difficulty>('beginner');
  const draftList = drafts.data?.pages.flatMap((p) => p.items) ?? [];
  const published = dash.data?.paths.filter((s) => s.path.status === 'published') ?? [];
  const archived = dash.data?.paths.filter((s) => s.path.status === 'archived') ?? [];
  const open = (id: string) => router.push({ pathname: '/tutor/paths/[id]', params: { id } });
  // On a desktop-sized window drafts sit beside the published and archived paths.
  const wide = useIsWide();
  const column = wide ? styles.column : null;

  return (
    <Screen
      edges={[]}
      title="Your paths"
      subtitle="Draft, check and publish learning paths, and follow how your learners do."
      contentStyle={wide ? { maxWidth: WIDE_CONTENT_WIDTH } : undefined}
    >
      <TutorNamePrompt displayName={me.displayName} bio={me.bio} />
      <TutorProfileCard />
      {dash.isPending ? (
        <LoadingState label="Loading your dashboard…" />
      ) : dash.isError ? (
        <ErrorState
          message={failureMessage(dash.error, 'Your dashboard could not be loaded')}
          onRetry={() => void dash.refetch()}
        />
      ) : (
        <View style={[styles.row, styles.wrap, { gap: spacing.sm }]}>
          <Total label="Paths" value={dash.data.totals.paths} />
          <Total label="Published" value={dash.data.totals.publishedPaths} />
          <Total label="Learners" value={dash.data.totals.learners} />
          <Total label="Active this week" value={dash.data.totals.activeLearners7d} />
        </View>
      )}

      <Card style={{ gap: spacing.md }}>
        <Heading>Draft a new path</Heading>
        <Input label="Path topic" value={topic} onChangeText={setTopic} placeholder="e.g. Cell biology" />
        <LevelPicker label="Path level" value={level} onChange={setLevel} />
        <Button
          label="Draft with AI"
          loading={generate.isPending}
          disabled={topic.trim().length < 2}
          onPress={() =>
            generate.mutate({ topic: topic.trim(), difficulty: level }, { onSuccess: () => setTopic('') })
          }
        />
        {generate.isPending ? (
          <Text role="status">Drafting the path’s lessons… this can take a minute.</Text>
        ) : null}
        {generate.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(generate.error, 'The path was not drafted')}
          </Text>
        ) : null}
      </Card>

      <View style={wide ? [styles.row, styles.top, { gap: spacing.xl }] : { gap: spacing.lg }}>
        <View style={[column, { gap: spacing.md }]} testID="tutor-drafts">
          <Heading>Drafts</Heading>
          {drafts.isPending ? (
            <Text tone="muted">Loading your drafts…</Text>
          ) : drafts.isError ? (
            <ErrorState
              message={failureMessage(drafts.error, 'Your drafts could not be loaded')}
              onRetry={() => void drafts.refetch()}
            />
          ) : draftList.length === 0 ? (
            <Text tone="muted">No drafts. Draft a path above: only you see it until you publish it.</Text>
          ) : (
            draftList.map((p) => (
              <DraftCard
                key={p.id}
                path={p}
                publishing={publish.isPending && publish.variables === p.id}
                onPublish={() => publish.mutate(p.id)}
                onOpen={() => open(p.id)}
              />
            ))
          )}
          {publish.isError ? (
            <Text tone="danger" accessibilityRole="alert">
              {failureMessage(publish.error, 'The path was not published')}
            </Text>
          ) : null}
          {drafts.hasNextPage ? (
            <Button
              label="Show more drafts"
              variant="ghost"
              loading={drafts.isFetchingNextPage}
              onPress={() => void drafts.fetchNextPage()}
            />
          ) : null}
        </View>

        <View style={[column, { gap: spacing.lg }]}>
          <View style={{ gap: spacing.md }} testID="tutor-published">
            <Heading>Published</Heading>
            {dash.data && published.length === 0 ? (
              <EmptyState
                icon="school-outline"
                title="Nothing published yet"
                message="Draft a path above, check its lessons, then publish it to the catalog."
              />
            ) : null}
            {published.map((s) => (
              <PathStatsCard key={s.path.id} stats={s} onOpen={() => open(s.path.id)} />
            ))}
          </View>

          {archived.length ? (
            <View style={{ gap: spacing.md }} testID="tutor-archived">
              <Heading>Archived</Heading>
              <Text tone="muted">
                Out of the catalog: nobody new can enrol, and learners already enrolled keep their paths.
              </Text>
              {archived.map((s) => (
                <PathStatsCard key={s.path.id} stats={s} onOpen={() => open(s.path.id)} />
              ))}
            </View>
          ) : null}
        </View>
      </View>
    </Screen>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  const { colors, radius, spacing } = useTheme();
  return (
    <View
      accessible
      accessibilityLabel={`${label}: ${value}`}
      style={[
        styles.total,
        {
          backgroundColor: colors.surface,
          borderColor: colors.border,
          borderRadius: radius.lg,
          padding: spacing.md,
        },
      ]}
    >
      <Text variant="title" aria-hidden>
        {value}
      </Text>
      <Text variant="caption" tone="muted">
        {label}
      </Text>
    </View>
  );
}

function DraftCard({
  path,
  onPublish,
  onOpen,
  publishing,
}: {
  path: TutorPathSummary;
  onPublish: () => void;
  onOpen: () => void;
  publishing: boolean;
}) {
  const { spacing } = useTheme();
  return (
    <Card style={{ gap: spacing.sm }} testID="tutor-draft">
      <Text variant="bodyStrong">{path.title}</Text>
      <Text variant="caption" tone="muted">
        Draft · {path.lessonCount} lessons · {path.difficulty}
      </Text>
      {path.description ? (
        <Text tone="muted" numberOfLines={3}>
          {path.description}
        </Text>
      ) : null}
      <View style={[styles.row, styles.wrap, { gap: spacing.sm }]}>
        <Button
          label="Open"
          accessibilityLabel={`Open ${path.title}`}
          size="sm"
          variant="secondary"
          onPress={onOpen}
        />
        <Button
          label="Publish"
          accessibilityLabel={`Publish ${path.title}`}
          size="sm"
          loading={publishing}
          onPress={onPublish}
        />
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center' },
  wrap: { flexWrap: 'wrap' },
  flex: { flex: 1 },
  total: { flexGrow: 1, flexBasis: 120, borderWidth: StyleSheet.hairlineWidth },
  top: { alignItems: 'flex-start' },
  column: { flex: 1, minWidth: 0 },
});
