import type { ServerInfo } from '@chitchat/contracts';
import { View } from 'react-native';
import { AiStatusProgress } from '@/components/AiStatusProgress';
import { QueryFallback } from '@/components/QueryFallback';
import { Card, Screen, Text } from '@/components/ui';
import { useServerInfoQuery } from '@/state/queries/dashboard';
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

const mb = (n?: number) => (n === undefined ? '?' : `${Math.round(n / 1e6).toLocaleString('en')} MB`);

/** Settings and about: which AI answers and how it is doing, what an operator can set, versions. */
export default function SettingsScreen() {
  const info = useServerInfoQuery();
  const { spacing } = useTheme();
  if (!info.isSuccess) return <QueryFallback query={info} loading="Loading…" screen={{ title: 'Settings and about' }} />;
  const { ai } = info.data;
  const s = ai.status;

  return (
    <Screen title="Settings and about">
      <Card style={{ gap: spacing.sm }} testID="ai-status">
        <Text variant="heading" accessibilityRole="header" aria-level={2}>
          AI tutor
        </Text>
        <Row label="Provider" value={PROVIDERS[ai.provider]} />
        {s.model ? <Row label="Model" value={s.model} /> : null}
        <Row label="Status" value={STATES[s.state] + (s.state === 'downloading' && s.percent !== undefined ? ` · ${s.percent} %` : '')} />
        {s.state === 'downloading' && s.totalBytes ? <Row label="Downloaded" value={`${mb(s.bytes)} of ${mb(s.totalBytes)}`} /> : null}
        <AiStatusProgress status={s} />
        <Text tone={s.state === 'failed' ? 'danger' : 'muted'}>{s.message}</Text>
        {ai.offline ? (
          <Text tone="muted">
            Until a model answers, replies are built from your own material: quotes from your documents, lessons and earlier messages, with their sources.
          </Text>
        ) : null}
      </Card>

      <Card style={{ gap: spacing.sm }}>
        <Text variant="heading" accessibilityRole="header" aria-level={2}>
          Connecting a model
        </Text>
        <Text tone="muted">Whoever runs this ChitChat server chooses the model with environment variables:</Text>
        <Setting name="GEMINI_API_KEY" what="Google Gemini answers (text and images)." />
        <Setting name="AI_BASE_URL" what="Any OpenAI-compatible server: Ollama, vLLM, LM Studio, llama.cpp." />
        <Setting name="AI_MODEL_PATH" what="A model file already on the server (GGUF), used instead of downloading one." />
        <Setting name="AI_PROVIDER=offline" what="No model and no download." />
      </Card>

      <Card style={{ gap: spacing.sm }}>
        <Text variant="heading" accessibilityRole="header" aria-level={2}>
          About
        </Text>
        <Row label="App version" value={appJson.version} />
        <Row label="Server version" value={info.data.version} />
        <Row label="Files stored" value={info.data.storage === 's3' ? 'Object storage' : 'On the server’s disk'} />
        <Row label="Largest upload" value={`${mb(info.data.limits.maxUploadBytes)} (videos ${mb(info.data.limits.maxVideoBytes)})`} />
      </Card>
    </Screen>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  const { spacing } = useTheme();
  return (
    <View style={{ flexDirection: 'row', flexWrap: 'wrap', gap: spacing.sm, justifyContent: 'space-between' }}>
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
