// The API contract: zod schemas shared by the server (validation + OpenAPI) and the app (typed client).
export * from './common.ts';
export * from './errors.ts';
export * from './auth.ts';
export * from './profile.ts';
export * from './system.ts';
export * from './learning.ts';
export * from './review.ts';
export * from './xp.ts';
export * from './discover.ts';
export * from './library.ts';
export * from './tutor.ts';
export * from './uploads.ts';
export * from './chat.ts';
export * from './concepts.ts';
