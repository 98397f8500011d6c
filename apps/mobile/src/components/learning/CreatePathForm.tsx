import type { Difficulty, LearningPath } from '@chitchat/contracts';
import { useState } from 'react';
import { Pressable, StyleSheet, View } from 'react-native';
import { Button, Card, Input, Text } from '@/components/ui';
import { failureMessage } from '@/lib/api';
import { DIFFICULTY_OPTIONS as LEVELS } from '@/lib/difficulty';
import { useCreatePathMutation } from '@/state/queries/learning';
import { useProfileQuery } from '@/state/queries/profile';
import { useTheme } from '@/theme';
import { Heading } from './Heading';

/** Topic, optional goal and level (the learner's own until they pick another) → a new path. */
export function CreatePathForm({
  initialTopic,
  onCreated,
}: {
  initialTopic: string;
  onCreated: (path: LearningPath) => void;
}) {
  const { colors, radius, spacing } = useTheme();
  const [topic, setTopic] = useState(initialTopic);
  const [goal, setGoal] = useState('');
  const profile = useProfileQuery();
  const [picked, setLevel] = useState<Difficulty | null>(null);
  const level: Difficulty = picked ?? profile.data?.preferences.preferredDifficulty ?? 'beginner';
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreatePathMutation();

  const submit = () => {
    if (topic.trim().length < 2) {
      setProblem('Tell us what you want to learn (a topic or a question).');
      return;
    }
    setProblem(null);
    create.mutate(
      { topic: topic.trim(), difficulty: level, ...(goal.trim() ? { goal: goal.trim() } : {}) },
      { onSuccess: onCreated },
    );
  };

  return (
    <Card style={{ gap: spacing.md }}>
      <Heading>Create a learning path</Heading>
      <Text tone="muted">
        ChitChat plans lessons of rising difficulty, with objectives, exercises and reviews.
      </Text>
      <Input
        label="Topic"
        value={topic}
        onChangeText={setTopic}
        placeholder="e.g. Photosynthesis, Python basics"
        error={problem}
        returnKeyType="go"
        onSubmitEditing={submit}
      />
      <Input
        label="Goal (optional)"
        value={goal}
        onChangeText={setGoal}
        placeholder="e.g. Pass my biology exam"
      />
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
      <Button
        label={create.isPending ? 'Planning your path…' : 'Generate path'}
        loading={create.isPending}
        onPress={submit}
      />
      {create.isError ? (
        <Text tone="danger" accessibilityRole="alert">
          {failureMessage(create.error, 'The path was not created')}
        </Text>
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  wrap: { flexDirection: 'row', flexWrap: 'wrap' },
});
