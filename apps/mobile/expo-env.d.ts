/// <reference types="expo/types" />

// Kept in git so `tsc` works before `expo start` has generated anything.
