import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { Button, Input, Text } from '@/components/ui';
import { useTheme } from '@/theme';

export interface TutorProfileValues {
  headline: string;
  /** '' when left empty (an edit clears it; a new profile leaves it out). */
  bio: string;
  subjects: string[];
}

/**
 * The tutor profile's fields (headline, about, subjects): creating the profile and editing it later
 * use this one form. `initial` fills it in for an edit; `onCancel` adds a Cancel button.
 */
export function TutorProfileForm({
  initial,
  submitLabel,
  saving,
  failure,
  onSubmit,
  onCancel,
}: {
  initial?: { headline: string; bio: string | null; subjects: string[] };
  submitLabel: string;
  saving: boolean;
  /** What went wrong with the last save, in words; null when nothing did. */
  failure: string | null;
  onSubmit: (values: TutorProfileValues) => void;
  onCancel?: () => void;
}) {
  const { spacing } = useTheme();
  const [headline, setHeadline] = useState(initial?.headline ?? '');
  const [bio, setBio] = useState(initial?.bio ?? '');
  const [subjects, setSubjects] = useState(initial?.subjects.join(', ') ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    if (!headline.trim()) {
      setProblem('Write one line about yourself as a tutor.');
      return;
    }
    setProblem(null);
    onSubmit({
      headline: headline.trim(),
      bio: bio.trim(),
      subjects: subjects
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    });
  };
  return (
    <View style={{ gap: spacing.md }}>
      <Input
        label="Headline"
        value={headline}
        onChangeText={setHeadline}
        placeholder="e.g. Biology teacher, 10 years"
        error={problem}
        maxLength={120}
      />
      <Input label="About you (optional)" value={bio} onChangeText={setBio} multiline maxLength={4000} />
      <Input
        label="Subjects (comma separated)"
        value={subjects}
        onChangeText={setSubjects}
        placeholder="Biology, Chemistry"
      />
      <View style={[styles.row, { gap: spacing.sm }]}>
        <Button label={submitLabel} loading={saving} onPress={submit} />
        {onCancel ? <Button label="Cancel" variant="ghost" disabled={saving} onPress={onCancel} /> : null}
      </View>
      {failure ? (
        <Text tone="danger" accessibilityRole="alert">
          {failure}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', flexWrap: 'wrap' },
});
