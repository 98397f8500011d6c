import { describe, expect, it } from 'vitest';
import { lessonIdentity, parseXpSourceKey, pathIdentity, xpSourceKey } from './source-keys.ts';

const id = '0b6f2c1e-6f1d-4c55-9d4b-3f1f0e3c9a10';

describe('XP source keys', () => {
  it('parse with or without a lesson or path identity (old keys keep their names)', () => {
    const lesson = lessonIdentity('Volcanoes', 'What a volcano is');
    expect(lesson).toBe(lessonIdentity(' volcanoes ', 'What a Volcano is!'));
    expect(lesson).not.toBe(lessonIdentity('Volcanoes', 'Kinds of eruption'));
    const path = pathIdentity('Volcanoes', ['b', 'a']);
    expect(path).toBe(pathIdentity('volcanoes', ['a', 'b']));
    expect(pathIdentity('Volcanoes', ['a', undefined])).toBeNull();
    for (const key of [
      xpSourceKey.lesson('learning_paths', id, 'l1', lesson),
      xpSourceKey.lesson('learning_paths', id, 'l1'),
    ])
      expect(parseXpSourceKey(key)).toEqual({ kind: 'lesson', table: 'learning_paths', id, lessonId: 'l1' });
    for (const key of [
      xpSourceKey.pathFinished('path_enrollments', id, path),
      xpSourceKey.pathFinished('path_enrollments', id),
    ])
      expect(parseXpSourceKey(key)).toEqual({ kind: 'path', table: 'path_enrollments', id });
  });
});
