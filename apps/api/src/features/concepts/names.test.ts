import { describe, expect, it } from 'vitest';
import { cleanName, conceptName, isServerText, normName } from './names.ts';
import { assignQuestions } from './assign.ts';
import { masteryOf } from './mastery.ts';
import { newCard, rate } from '../review/scheduler.ts';
import { OFFLINE_NOTICE } from '../chat/offline.ts';

describe('concept names', () => {
  it('normalise case, punctuation, spacing and plurals to one key', () => {
    const key = normName('Light reaction');
    for (const n of ['light-reactions', '  LIGHT   Reactions. ', 'The light reactions'])
      expect(normName(n)).toBe(key);
    expect(normName('Batteries')).toBe(normName('battery'));
    expect(normName('Boxes')).toBe(normName('box'));
    expect(normName('Nucleus')).toBe('nucleus');
    expect(normName('Nuclei')).toBe('nucleus');
    expect(normName('Mitochondria')).toBe(normName('mitochondrion'));
    expect(normName('Cell nuclei')).toBe(normName('cell nucleus'));
    expect(normName('Analysis')).toBe('analysis');
  });

  it('turn an objective into what it is about', () => {
    expect(cleanName('Explain how chlorophyll absorbs light.')).toBe('How chlorophyll absorbs light');
    expect(cleanName('**Carbon fixation**')).toBe('Carbon fixation');
  });

  it('refuse the server’s own words', () => {
    for (const t of [
      OFFLINE_NOTICE,
      'Offline mode',
      'New Conversation',
      '{{topic}}',
      '[topic]',
      'Something went wrong',
      'undefined',
      '   ',
      '42',
    ])
      expect(isServerText(t), t).toBe(true);
    expect(conceptName(`${OFFLINE_NOTICE}, so instead`)).toBeNull();
    expect(conceptName('photosynthesis')).toEqual({ name: 'Photosynthesis', norm: 'photosynthesis' });
  });
});

describe('assigning questions to concepts', () => {
  it('gives each concept at most one question, the best match, and drops questions about none', () => {
    const q = (question: string) => ({ question, answer: '', explanation: '' });
    const pairs = assignQuestions(
      [
        q('What do ribosomes build?'),
        q('Which organelle is the storage place of DNA?'),
        q('What is the weather?'),
        q('Ribosomes read what?'),
      ],
      [
        { id: 'r', name: 'Ribosomes' },
        { id: 'n', name: 'DNA storage' },
      ],
    );
    expect(pairs).toEqual([
      { question: 0, conceptId: 'r' },
      { question: 1, conceptId: 'n' },
    ]);
  });
});

describe('mastery', () => {
  it('is unknown without answers, low after a lapse, high after a right answer', () => {
    const now = new Date('2026-01-10T10:00:00Z');
    const fresh = newCard(now);
    expect(masteryOf([{ fsrs: fresh.fsrs }], [], now)).toEqual({
      mastery: null,
      retrievability: null,
      level: 'unknown',
    });
    expect(masteryOf([], [], now).level).toBe('unknown');
    const wrong = rate(fresh.fsrs, 'again', now);
    const right = rate(fresh.fsrs, 'good', now);
    const weak = masteryOf([{ fsrs: wrong.fsrs }], [{ correct: false, at: now }], now);
    const strong = masteryOf([{ fsrs: right.fsrs }], [{ correct: true, at: now }], now);
    expect(weak.level).toBe('weak');
    expect(strong.level).toBe('strong');
    // Retrievability falls with time: the same card a month later is fading.
    const later = new Date(now.getTime() + 30 * 86_400_000);
    const old = masteryOf([{ fsrs: right.fsrs }], [{ correct: true, at: now }], later);
    expect(old.retrievability!).toBeLessThan(strong.retrievability!);
    expect(old.mastery!).toBeLessThan(strong.mastery!);
  });
});

describe('concept names from instructions', () => {
  it('keeps what an objective is about, never a task it sets', () => {
    expect(conceptName('Explain how chlorophyll absorbs light')?.name).toBe('How chlorophyll absorbs light');
    expect(conceptName('Predict the outcome of a simple case')).toBeNull();
    expect(conceptName('Draw a diagram of a volcano and label each part')).toBeNull();
    expect(conceptName('Plate tectonics')?.name).toBe('Plate tectonics');
  });
});

describe('the concept a card tests', () => {
  it('is the one its answer names: a cloze card is filed under the word it blanks, not another word of its sentence', () => {
    const concepts = [
      { id: 'gas', name: 'Gas' },
      { id: 'lava', name: 'Lava' },
    ];
    const questions = [
      {
        question: '_____ is molten rock pushed out by gas.',
        answer: 'Lava',
        explanation: 'Lava is molten rock pushed out by gas.',
      },
      {
        question: 'Lava is pushed out by expanding _____.',
        answer: 'gas',
        explanation: 'Lava is pushed out by expanding gas.',
      },
    ];
    expect(assignQuestions(questions, concepts)).toEqual([
      { question: 0, conceptId: 'lava' },
      { question: 1, conceptId: 'gas' },
    ]);
    // A cloze card whose answer names no concept tests none of them.
    expect(
      assignQuestions(
        [{ question: 'Lava and gas leave through a _____.', answer: 'vent', explanation: '' }],
        concepts,
      ),
    ).toEqual([]);
  });
});
