import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LessonOutline } from './LessonOutline';

const lesson = {
  objectives: ['Define osmosis'],
  outline: ['Membranes', 'Concentration'],
  exercises: ['Draw a cell in salt water'],
};

describe('LessonOutline', () => {
  it('marks the lesson as an outline and says a connected model writes the full lesson', () => {
    render(<LessonOutline lesson={lesson} passages={[]} />);
    expect(screen.getByText('Lesson outline')).toBeTruthy();
    expect(document.body.textContent).toMatch(/once a model is connected, it writes the full lesson/);
    for (const x of ['Define osmosis', 'Membranes', 'Concentration', 'Draw a cell in salt water'])
      expect(screen.getByText(x)).toBeTruthy();
    expect(screen.queryByText('From your material')).toBeNull();
  });

  it('quotes the learner’s matching passages with their source', () => {
    render(
      <LessonOutline
        lesson={lesson}
        passages={[
          {
            text: 'Water moves across the membrane.',
            source: { uploadId: '00000000-0000-4000-8000-000000000000', title: 'bio.pdf', page: 3 },
          },
        ]}
      />,
    );
    expect(screen.getByText('From your material')).toBeTruthy();
    expect(document.body.textContent).toContain('“Water moves across the membrane.”');
    expect(document.body.textContent).toContain('— bio.pdf, page 3');
  });
});
