import type { ServerInfo } from '@chitchat/contracts';
import { useState } from 'react';
import { Platform, View } from 'react-native';
import { AiStatusProgress } from '@/components/AiStatusProgress';
import { QueryFallback } from '@/components/QueryFallback';
import { AutoCardsSetting } from '@/components/concepts/AutoCardsSetting';
import { RetentionCard } from '@/components/review/RetentionCard';
import { Button, Card, Modal, Screen, Text, Toggle } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { megabytes } from '@/lib/bytes';
import { useServerInfoQuery } from '@/state/queries/dashboard';
import {
  useDeleteAccountMutation,
  useExportDataMutation,
  useProfileQuery,
  useUpdateProfileMutation,
} from '@/state/queries/profile';
import { useExportCardsMutation, useImportCardsMutation } from '@/state/queries/review';
import { useTheme } from '@/theme';
import appJson from '../package.json';

const PROVIDERS: Record<ServerInfo['ai']['provider'], string> = {
  local: 'A model on the server’s own machine',
  gemini: 'Google Gemini',
  'openai-compatible': 'A model server (OpenAI-compatible)',
  offline: 'Offline mode (no model)',
};

const STATES: Record<ServerInfo['ai']['status']['state'], string> = {
  ready: 'Ready',
  downloading: 'Downloading',
  loading: 'Loading',
  failed: 'Not available',
  offline: 'Off',
};

/** What deleting an account removes, said before the learner confirms (DELETE /profile). */
export const DELETED_ITEMS = [
  'Your profile: name, email, avatar, bio and preferences',
  'Every chat conversation and message',
  'Your learning paths, lessons and progress, and your places in tutors’ paths',
  'Your flashcards, review history and concept map',
  'Your library and every file you uploaded',
  'Your XP, level, streak and place on the leaderboard',
];

/** Settings and about: which AI answers and how it is doing, what an operator can set, versions; your data and account. */
export default function SettingsScreen() {
  const info = useServerInfoQuery();
  const { spacing } = useTheme();
  if (!info.isSuccess)
    return <QueryFallback query={info} loading="Loading…" screen={{ title: 'Settings and about' }} />;
  const { ai } = info.data;
  const s = ai.status;

  return (
    // The stack header names the screen ("Settings and about"): no second title under it.
    <Screen>
      <RetentionCard />
      <Card style={{ gap: spacing.sm }} testID="ai-status">
        <Text variant="heading" accessibilityRole="header" aria-level={2}>
          AI tutor
        </Text>
        <Row label="Provider" value={PROVIDERS[ai.provider]} />
        {s.model ? <Row label="Model" value={s.model} /> : null}
        <Row
          label="Status"
          value={
            STATES[s.state] +
            (s.state === 'downloading' && s.percent !== undefined ? ` · ${s.percent} %` : '')
          }
        />
        {s.state === 'downloading' && s.totalBytes ? (
          <Row label="Downloaded" value={`${megabytes(s.bytes)} of ${megabytes(s.totalBytes)}`} />
        ) : null}
        <AiStatusProgress status={s} />
        <Text tone={s.state === 'failed' ? 'danger' : 'muted'}>{s.message}</Text>
        {ai.offline ? (
          <Text tone="muted">
            Until a model answers, replies are built from your own material: quotes from your documents,
            lessons and earlier messages, with their sources.
          </Text>
        ) : null}
      </Card>

      <Card style={{ gap: spacing.sm }}>
        <Text variant="heading" accessibilityRole="header" aria-level={2}>
          Connecting a model
        </Text>
        <Text tone="muted">
          Whoever runs this ChitChat server chooses the model with environment variables:
        </Text>
        <Setting name="GEMINI_API_KEY" what="Google Gemini answers (text and images)." />
        <Setting
          name="AI_BASE_URL"
          what="Any OpenAI-compatible server: Ollama, vLLM, LM Studio, llama.cpp."
        />
        <Setting
          name="AI_MODEL_PATH"
          what="A model file already on the server (GGUF), used instead of downloading one."
        />
        <Setting name="AI_PROVIDER=offline" what="No model and no download." />
      </Card>

      <Card style={{ gap: spacing.sm }}>
        <Text variant="heading" accessibilityRole="header" aria-level={2}>
          About
        </Text>
        <Row label="App version" value={appJson.version} />
        <Row label="Server version" value={info.data.version} />
        <Row
          label="Files stored"
          value={info.data.storage === 's3' ? 'Object storage' : 'On the server’s disk'}
        />
        <Row
          label="Largest upload"
          value={`${megabytes(info.data.limits.maxUploadBytes)} (videos ${megabytes(info.data.limits.maxVideoBytes)})`}
        />
      </Card>

      <AutoCardsSetting />
      <TutoringCard />
      <YourCardsCard />
      <YourDataCard />
      <DeleteAccountCard />
    </Screen>
  );
}

/** How the chat tutor teaches by default: Socratic mode (each conversation can still change it). */
function TutoringCard() {
  const { spacing } = useTheme();
  const profile = useProfileQuery();
  const update = useUpdateProfileMutation();
  const on = profile.data?.preferences.socraticMode ?? false;
  return (
    <Card style={{ gap: spacing.sm }} testID="tutoring">
      <Text variant="heading" accessibilityRole="header" aria-level={2}>
        How the tutor teaches
      </Text>
      <Toggle
        label="Socratic mode in new chats"
        value={on}
        disabled={!profile.isSuccess || update.isPending}
        onChange={(socraticMode) => update.mutate({ preferences: { socraticMode } })}
        hint="The tutor answers with a guiding question or the next hint, and shows the full solution once you have tried (or asked twice). Each chat has its own switch; a tutor can require it in their path."
      />
      {update.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {failureMessage(update.error, 'The setting was not saved')}
        </Text>
      ) : null}
    </Card>
  );
}

/** Your cards are yours: all of them to Anki or a spreadsheet, and cards from either into a deck of your own. */
function YourCardsCard() {
  const { spacing } = useTheme();
  const exporter = useExportCardsMutation();
  const importer = useImportCardsMutation();
  const result = importer.data;
  const exportAs = (format: 'apkg' | 'csv') => {
    // The last import's result (or failure) is old news once something else is done.
    importer.reset();
    exporter.mutate(format);
  };
  return (
    <Card style={{ gap: spacing.sm }} testID="your-cards">
      <Text variant="heading" accessibilityRole="header" aria-level={2}>
        Your flashcards
      </Text>
      <Text tone="muted">
        Take every card with you, with its schedule, as an Anki package or a CSV file; or bring cards from
        Anki (.apkg) or a CSV with front and back columns into a deck of your own. Imported cards start as
        new.
      </Text>
      <View style={{ flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm }}>
        <Button
          label="Export to Anki"
          variant="secondary"
          loading={exporter.isPending && exporter.variables === 'apkg'}
          disabled={exporter.isPending}
          onPress={() => exportAs('apkg')}
        />
        <Button
          label="Export CSV"
          variant="secondary"
          loading={exporter.isPending && exporter.variables === 'csv'}
          disabled={exporter.isPending}
          onPress={() => exportAs('csv')}
        />
        <Button
          label="Import cards"
          accessibilityLabel="Import cards from a CSV or Anki file"
          variant="secondary"
          loading={importer.isPending}
          onPress={() => {
            // The last export's "Downloaded …" line is old news once something else is done.
            exporter.reset();
            importer.mutate();
          }}
        />
      </View>
      <View accessibilityLiveRegion="polite" aria-live="polite">
        {exporter.isSuccess ? (
          <Text>{Platform.OS === 'web' ? `Downloaded ${exporter.data}.` : `Ready: ${exporter.data}.`}</Text>
        ) : null}
        {exporter.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(exporter.error, 'Your cards could not be exported')}
          </Text>
        ) : null}
        {result ? (
          <Text>
            {`Imported ${result.imported} new card${result.imported === 1 ? '' : 's'} into “${result.deck.name}”`}
            {result.alreadyImported ? `; ${result.alreadyImported} you already had` : ''}
            {result.skippedCount ? `; ${result.skippedCount} left out (${result.skipped[0]?.reason})` : ''}.
          </Text>
        ) : null}
        {importer.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(importer.error, 'The file was not imported')}
          </Text>
        ) : null}
      </View>
    </Card>
  );
}

function YourDataCard() {
  const { spacing } = useTheme();
  const exporter = useExportDataMutation();
  return (
    <Card style={{ gap: spacing.sm }} testID="your-data">
      <Text variant="heading" accessibilityRole="header" aria-level={2}>
        Your data
      </Text>
      <Text tone="muted">
        One file (JSON) with everything you have in ChitChat: profile, chats, learning paths and progress,
        flashcards, reviews and concepts, library, the list of your uploads, XP and enrolments.
      </Text>
      <View style={{ flexDirection: 'row' }}>
        <Button
          label={exporter.isPending ? 'Preparing your file…' : 'Export my data'}
          accessibilityLabel="Export my data"
          variant="secondary"
          loading={exporter.isPending}
          onPress={() => exporter.mutate()}
        />
      </View>
      <View accessibilityLiveRegion="polite" aria-live="polite">
        {exporter.isPending ? <Text tone="muted">Preparing your file…</Text> : null}
        {exporter.isSuccess ? (
          <Text>{Platform.OS === 'web' ? `Downloaded ${exporter.data}.` : `Ready: ${exporter.data}.`}</Text>
        ) : null}
        {exporter.isError ? (
          <Text tone="danger" accessibilityRole="alert">
            {failureMessage(exporter.error, 'Your data could not be exported')}
          </Text>
        ) : null}
      </View>
    </Card>
  );
}

function DeleteAccountCard() {
  const { spacing } = useTheme();
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteAccountMutation();
  const close = () => {
    if (!remove.isPending) {
      setConfirming(false);
      remove.reset();
    }
  };
  return (
    <Card style={{ gap: spacing.sm }}>
      <Text variant="heading" accessibilityRole="header" aria-level={2}>
        Delete account
      </Text>
      <Text tone="muted">Deletes your account and everything in it, for good. You will be signed out.</Text>
      <View style={{ flexDirection: 'row' }}>
        <Button label="Delete my account" variant="danger" onPress={() => setConfirming(true)} />
      </View>
      <Modal
        visible={confirming}
        title="Delete your account?"
        onClose={close}
        footer={
          <>
            <Button label="Cancel" variant="ghost" size="sm" disabled={remove.isPending} onPress={close} />
            <Button
              label="Delete everything"
              accessibilityLabel="Delete everything"
              variant="danger"
              size="sm"
              loading={remove.isPending}
              onPress={() => remove.mutate()}
            />
          </>
        }
      >
        <View style={{ gap: spacing.sm }}>
          <Text>This permanently deletes:</Text>
          <View role="list" style={{ gap: spacing.xs }}>
            {DELETED_ITEMS.map((item) => (
              <Text key={item} role="listitem">
                • {item}
              </Text>
            ))}
          </View>
          <Text tone="muted">
            If you teach: your drafts and paths nobody is learning are deleted; paths with current learners
            stay for them, archived, without your name.
          </Text>
          <Text variant="bodyStrong">This cannot be undone. Export your data first if you want a copy.</Text>
          <View accessibilityLiveRegion="polite" aria-live="polite">
            {remove.isPending ? <Text tone="muted">Deleting your account…</Text> : null}
            {remove.isError ? (
              <Text tone="danger" accessibilityRole="alert">
                {failureMessage(remove.error, 'Your account was not deleted')}
              </Text>
            ) : null}
          </View>
        </View>
      </Modal>
    </Card>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  const { spacing } = useTheme();
  return (
    <View
      style={{ flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm, justifyContent: 'space-between' }}
    >
      <Text tone="muted">{label}</Text>
      <Text variant="bodyStrong" style={{ flexShrink: 1, textAlign: 'right' }}>
        {value}
      </Text>
    </View>
  );
}

function Setting({ name, what }: { name: string; what: string }) {
  return (
    <Text>
      <Text variant="label">{name}</Text> — {what}
    </Text>
  );
}
