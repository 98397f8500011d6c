// Kysely's view of the tables (mirrors /migrations). Generated<> marks columns with defaults.
// Over 300 lines because it is the database's types in one place, one interface per table: split,
// a table's type would be hunted across files and the Database map would import them all back.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export interface ProgressJson {
  completed_lessons: string[];
  current_lesson: string | null;
  completion_percentage: number;
}

export interface AuthUsersTable {
  id: Generated<string>;
  email: string;
  encrypted_password: string;
  user_metadata: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_sign_in_at: Timestamp | null;
}

export interface AuthSessionsTable {
  id: Generated<string>;
  user_id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Timestamp;
  refreshed_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuthRefreshTokensTable {
  token_hash: string;
  session_id: string;
  user_id: string;
  revoked: Generated<boolean>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string | null;
  avatar_url: string | null;
  bio: string | null;
  xp: Generated<number>;
  is_tutor: Generated<boolean>;
  preferences: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PublicProfilesView {
  id: string;
  display_name: string | null;
  avatar_url: string | null;
  bio: string | null;
  xp: number;
  is_tutor: boolean;
  created_at: Date;
}

export interface ChatSessionsTable {
  id: Generated<string>;
  user_id: string;
  title: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Socratic mode for this conversation; null follows the learner's profile setting. */
  socratic: boolean | null;
  /** The tutor path the conversation is about (its tutor may require Socratic mode). */
  path_id: string | null;
  socratic_state: Json<Record<string, unknown>>;
}

export interface ChatMessagesTable {
  id: Generated<string>;
  session_id: string;
  user_id: string;
  content: string;
  role: 'user' | 'assistant';
  media_url: string | null;
  media_type: 'image' | 'video' | 'document' | null;
  metadata: Json<Record<string, unknown>>;
  created_at: Timestamp;
  /** Generated: to_tsvector('english', content) (0002_chat.sql). */
  search: ColumnType<string, never, never>;
}

export interface LearningPathsTable {
  id: Generated<string>;
  user_id: string;
  title: string;
  description: string | null;
  topic: string | null;
  difficulty_level: 'beginner' | 'intermediate' | 'advanced' | null;
  estimated_hours: number | null;
  lessons: Json<unknown[]>;
  progress: Json<ProgressJson>;
  objectives: Json<string[]>;
  goal: string | null;
  /** Written by the offline engine: an outline, not lessons (migration 0010). */
  offline: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TutorProfilesTable {
  user_id: string;
  headline: string;
  bio: string | null;
  subjects: ColumnType<string[], string[] | undefined, string[]>;
  links: Json<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TutorLearningPathsTable {
  id: Generated<string>;
  /** Null once the tutor deleted their account (tutor_left_at says when; the path is archived). */
  tutor_id: string | null;
  title: string;
  description: string | null;
  topic: string | null;
  difficulty_level: Generated<'beginner' | 'intermediate' | 'advanced'>;
  estimated_hours: number | null;
  objectives: Json<unknown[]>;
  lessons: Json<unknown[]>;
  status: Generated<'draft' | 'published' | 'archived'>;
  version: Generated<number>;
  published_at: Timestamp | null;
  lesson_counter: Generated<number>;
  require_socratic: Generated<boolean>;
  /** Lesson id → hash of the offline engine's draft of it (migration 0020): unedited drafts are no material. */
  offline_drafts: ColumnType<Record<string, string>, string | undefined, never>;
  tutor_left_at: ColumnType<Date | null, never, never>;
  search: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PathEnrollmentsTable {
  id: Generated<string>;
  path_id: string;
  user_id: string;
  progress: Json<ProgressJson>;
  enrolled_at: Timestamp;
  last_activity_at: Timestamp;
  completed_at: Timestamp | null;
  left_at: Timestamp | null;
}

export interface XpEventsTable {
  id: Generated<string>;
  user_id: string;
  source_key: string;
  amount: number;
  reason: string;
  created_at: Timestamp;
}

export interface ActivityEventsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  subject_type: string | null;
  subject_id: string | null;
  path_id: string | null;
  lesson_id: string | null;
  metadata: Json<Record<string, unknown>>;
  local_date: ColumnType<string, string, string>;
  created_at: Timestamp;
}

export interface LessonContentsTable {
  path_id: string;
  lesson_id: string;
  user_id: string;
  title: string;
  content: Json<Record<string, unknown>>;
  body: string;
  search: ColumnType<string, never, never>;
  /** Written by the offline engine: an outline, no teaching text (migration 0010). */
  offline: Generated<boolean>;
  created_at: Timestamp;
}

export interface TutorLessonContentsTable {
  path_id: string;
  lesson_id: string;
  revision: string;
  title: string;
  content: Json<Record<string, unknown>>;
  created_by: string | null;
  /** Written by the offline engine: an outline, no teaching text (migration 0010). */
  offline: Generated<boolean>;
  created_at: Timestamp;
}

/** A learner opened a lesson (own path or enrolment): completing it pays XP only after this. */
export interface LessonOpensTable {
  id: Generated<string>;
  user_id: string;
  learning_path_id: string | null;
  enrollment_id: string | null;
  lesson_id: string;
  opened_at: Generated<Date>;
}

export interface ReviewCardsTable {
  id: Generated<string>;
  user_id: string;
  source_type: 'lesson' | 'path' | 'document' | 'session' | 'deck';
  source_id: string;
  lesson_id: string | null;
  source_title: string | null;
  question_type: 'multiple_choice' | 'short_answer' | 'cloze';
  question: string;
  choices: Json<string[] | null> | null;
  answer: string;
  hints: Json<string[]>;
  explanation: string;
  difficulty: 'easy' | 'medium' | 'hard';
  hints_revealed: Generated<number>;
  due: Timestamp;
  fsrs: Json<Record<string, unknown>>;
  reps: Generated<number>;
  last_reviewed_at: Timestamp | null;
  created_at: Timestamp;
  /** An imported note's guid (Anki's, or a CSV row's): one card per guid per learner. */
  note_guid: string | null;
}

/** A learner's own deck: where imported cards go (review_cards.source_id). */
export interface DecksTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface ReviewLogsTable {
  id: Generated<string>;
  card_id: string;
  user_id: string;
  rating: 'again' | 'hard' | 'good' | 'easy';
  correct: boolean | null;
  hints_used: number;
  answer: string | null;
  due_before: Timestamp;
  due_after: Timestamp;
  local_date: ColumnType<string, string, string>;
  reviewed_at: Timestamp;
  state: 'new' | 'learning' | 'review' | 'relearning' | null;
  elapsed_days: number | null;
}

export interface ReviewParametersTable {
  user_id: string;
  weights: number[];
  review_count: number;
  log_loss: number | null;
  default_log_loss: number | null;
  optimised_at: Generated<Date>;
}

export interface CuriosityTilesTable {
  user_id: string;
  local_date: ColumnType<string, string, string>;
  basis: string;
  /** The day's set as the API answers it (contracts: CuriosityTiles). */
  tiles: Json<unknown>;
  created_at: Generated<Date>;
}

export interface LibraryItemsTable {
  id: Generated<string>;
  user_id: string;
  kind: 'message' | 'document' | 'path' | 'lesson' | 'tile' | 'resource';
  source_key: string;
  source_id: string | null;
  lesson_id: string | null;
  title: string;
  url: string | null;
  note: string | null;
  excerpt: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  search_text: string;
  search: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UploadsTable {
  id: Generated<string>;
  user_id: string;
  kind: 'image' | 'video' | 'document';
  file_name: string;
  path: string;
  declared_type: string;
  declared_size: number;
  media_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  status: Generated<'pending' | 'uploaded' | 'processing' | 'ready' | 'failed'>;
  error: string | null;
  attempts: Generated<number>;
  metadata: Json<Record<string, unknown>>;
  analysis: Json<Record<string, unknown> | null> | null;
  page_count: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  processed_at: Timestamp | null;
}

export interface DocumentChunksTable {
  id: Generated<string>;
  upload_id: string;
  user_id: string;
  ord: number;
  page: number | null;
  text: string;
  search: ColumnType<string, never, never>;
  /** pgvector text form '[...]' or a real[] (see migrations/0003_uploads.sql). */
  embedding: ColumnType<
    string | number[] | null,
    string | number[] | null | undefined,
    string | number[] | null
  >;
  created_at: Timestamp;
}

/** Deleted accounts whose stored objects may still exist (0011; the server's connection only). */
export interface StoragePurgesTable {
  user_id: string;
  requested_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
}

/** The learner's concept map (0015): one row per concept and learner. */
export interface ConceptsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  norm_name: string;
  embedding: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConceptSourcesTable {
  concept_id: string;
  user_id: string;
  source_type: 'document' | 'lesson' | 'session';
  source_id: string;
  /** '' unless source_type is lesson. */
  lesson_id: Generated<string>;
  title: string | null;
  created_at: Timestamp;
}

export interface ConceptCardsTable {
  concept_id: string;
  card_id: string;
  user_id: string;
  /** The card's source ('document:<id>', 'lesson:<path>:<lesson>', 'session:<id>'): one card per concept and source. */
  source_key: string;
  created_at: Timestamp;
}

export interface DB {
  'auth.users': AuthUsersTable;
  'auth.sessions': AuthSessionsTable;
  'auth.refresh_tokens': AuthRefreshTokensTable;
  users: UsersTable;
  public_profiles: PublicProfilesView;
  chat_sessions: ChatSessionsTable;
  chat_messages: ChatMessagesTable;
  learning_paths: LearningPathsTable;
  tutor_profiles: TutorProfilesTable;
  tutor_learning_paths: TutorLearningPathsTable;
  path_enrollments: PathEnrollmentsTable;
  xp_events: XpEventsTable;
  activity_events: ActivityEventsTable;
  lesson_contents: LessonContentsTable;
  tutor_lesson_contents: TutorLessonContentsTable;
  lesson_opens: LessonOpensTable;
  review_cards: ReviewCardsTable;
  review_logs: ReviewLogsTable;
  review_parameters: ReviewParametersTable;
  decks: DecksTable;
  curiosity_tiles: CuriosityTilesTable;
  library_items: LibraryItemsTable;
  uploads: UploadsTable;
  storage_purges: StoragePurgesTable;
  document_chunks: DocumentChunksTable;
  concepts: ConceptsTable;
  concept_sources: ConceptSourcesTable;
  concept_cards: ConceptCardsTable;
}
