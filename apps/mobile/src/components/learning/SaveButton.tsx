import { Button, Icon } from '@/components/ui';
import { useSaveToLibraryMutation } from '@/state/queries/library';
import { useTheme } from '@/theme';

/** Save a path or a lesson of mine to the library: "Saving…", "Saved" or a failure in words. */
export function SaveButton({
  body,
  label,
}: {
  body: { kind: 'path'; pathId: string } | { kind: 'lesson'; pathId: string; lessonId: string };
  label: string;
}) {
  const save = useSaveToLibraryMutation();
  const { colors } = useTheme();
  return (
    <Button
      label={
        save.isSuccess ? 'Saved' : save.isPending ? 'Saving…' : save.isError ? 'Not saved: try again' : 'Save'
      }
      accessibilityLabel={
        save.isSuccess ? 'Saved to library' : save.isError ? `Not saved to library: ${label}` : label
      }
      variant="ghost"
      size="sm"
      icon={<Icon name={save.isSuccess ? 'bookmark' : 'bookmark-outline'} size={16} color={colors.primary} />}
      loading={save.isPending}
      disabled={save.isSuccess}
      onPress={() => save.mutate(body)}
    />
  );
}
