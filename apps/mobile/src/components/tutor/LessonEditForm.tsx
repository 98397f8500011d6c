import type { Difficulty, LessonPlan } from '@chitchat/contracts';
import { useState } from 'react';
import { View } from 'react-native';
import { Button, Card, Input, Text } from '@/components/ui';
import type { LessonEdit } from '@/state/queries/tutorPaths';
import { useTheme } from '@/theme';
import { LevelPicker } from './LevelPicker';
import { fromLines, toLines } from './lines';

export interface LessonEditFormProps {
  /** The lesson as it is (a new lesson: empty fields). */
  lesson: Omit<LessonPlan, 'id'>;
  /** 'Save lesson' by default; 'Add lesson' for a new one. */
  saveLabel?: string;
  saving: boolean;
  /** The last save's outcome in words (null before the first, or while editing again). */
  outcome: { ok: true } | { ok: false; message: string } | null;
  /** Whether learners can see the path yet (a draft's lessons are the tutor's alone). */
  published?: boolean;
  onSave: (edit: LessonEdit) => void;
  /** Something was typed since the last save. */
  onEdit: () => void;
}

type Field = 'title' | 'objectives' | 'outline' | 'exercises' | 'minutes';

/**
 * Everything a tutor wrote for a lesson: its title, what learners will be able to do, the outline
 * the lesson (and its generated content) follows, the exercises, its length and level. Lists are
 * edited one item a line. Checked here first, in words, with the server's limits.
 */
export function LessonEditForm({
  lesson,
  saveLabel = 'Save lesson',
  saving,
  outcome,
  published = true,
  onSave,
  onEdit,
}: LessonEditFormProps) {
  const { spacing } = useTheme();
  const [title, setTitle] = useState(lesson.title);
  const [objectives, setObjectives] = useState(fromLines(lesson.objectives));
  const [outline, setOutline] = useState(fromLines(lesson.outline));
  const [exercises, setExercises] = useState(fromLines(lesson.exercises));
  const [minutes, setMinutes] = useState(lesson.estimatedMinutes ? String(lesson.estimatedMinutes) : '');
  const [level, setLevel] = useState<Difficulty>(lesson.difficulty);
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});

  const edited =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      onEdit();
    };

  const save = () => {
    const p: Partial<Record<Field, string>> = {};
    const mins = Number(minutes.trim());
    const obj = toLines(objectives);
    const out = toLines(outline);
    const ex = toLines(exercises);
    if (!title.trim()) p.title = 'Give the lesson a title.';
    else if (title.trim().length > 200) p.title = 'Keep the title under 200 characters.';
    if (obj.length < 1 || obj.length > 8) p.objectives = 'Write between 1 and 8 objectives, one a line.';
    else if (obj.some((x) => x.length > 300)) p.objectives = 'Keep each objective under 300 characters.';
    if (out.length < 1 || out.length > 12) p.outline = 'Write between 1 and 12 outline points, one a line.';
    else if (out.some((x) => x.length > 300)) p.outline = 'Keep each outline point under 300 characters.';
    if (ex.length < 1 || ex.length > 6) p.exercises = 'Write between 1 and 6 exercises, one a line.';
    else if (ex.some((x) => x.length > 500)) p.exercises = 'Keep each exercise under 500 characters.';
    if (!Number.isInteger(mins) || mins < 5 || mins > 600)
      p.minutes = 'Minutes: a whole number from 5 to 600.';
    setProblems(p);
    if (Object.keys(p).length) return;
    onSave({
      title: title.trim(),
      objectives: obj,
      outline: out,
      exercises: ex,
      estimatedMinutes: mins,
      difficulty: level,
    });
  };

  return (
    <Card style={{ gap: spacing.md }}>
      <Input
        label="Lesson title"
        value={title}
        onChangeText={edited(setTitle)}
        error={problems.title}
        maxLength={200}
      />
      <Input
        label="Objectives (one a line)"
        value={objectives}
        onChangeText={edited(setObjectives)}
        error={problems.objectives}
        multiline
        numberOfLines={4}
        hint="What learners will be able to do after the lesson"
      />
      <Input
        label="Outline (one point a line)"
        value={outline}
        onChangeText={edited(setOutline)}
        error={problems.outline}
        multiline
        numberOfLines={6}
        hint="The topics the lesson covers, in order; the full lesson is written from them"
      />
      <Input
        label="Exercises (one a line)"
        value={exercises}
        onChangeText={edited(setExercises)}
        error={problems.exercises}
        multiline
        numberOfLines={4}
      />
      <Input
        label="Minutes"
        value={minutes}
        onChangeText={edited(setMinutes)}
        error={problems.minutes}
        keyboardType="number-pad"
        maxLength={3}
      />
      <LevelPicker label="Lesson level" value={level} onChange={edited(setLevel)} />
      <View style={{ flexDirection: 'row' }}>
        <Button label={saving ? 'Saving…' : saveLabel} loading={saving} onPress={save} />
      </View>
      {outcome?.ok ? (
        <Text tone="success" role="status">
          {published
            ? 'Saved. Learners see this version of the lesson.'
            : 'Saved. Learners will see it once you publish the path.'}
        </Text>
      ) : outcome ? (
        <Text tone="danger" accessibilityRole="alert">
          {outcome.message}
        </Text>
      ) : null}
    </Card>
  );
}
