import { Button, EmptyState, Screen } from '@/components/ui';

/** Saved documents, images and paths. Placeholder: nothing is loaded yet. */
export default function LibraryScreen() {
  return (
    <Screen
      title="Library"
      subtitle="Notes, documents and paths you’ve saved"
      headerRight={<Button label="Upload" size="sm" variant="secondary" accessibilityLabel="Upload a document" disabled />}
    >
      <EmptyState
        icon="library-outline"
        title="Your library is empty"
        message="Upload a PDF or a photo of your notes and ChitChat will turn it into summaries and flashcards."
      />
    </Screen>
  );
}
