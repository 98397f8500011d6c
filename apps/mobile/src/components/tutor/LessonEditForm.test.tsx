import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { LessonEditForm } from './LessonEditForm';

const lesson = {
  id: 'l1',
  title: 'Cells',
  objectives: ['Name the parts of a cell'],
  outline: ['Membrane', 'Nucleus'],
  exercises: ['Draw a cell'],
  estimatedMinutes: 30,
  difficulty: 'beginner' as const,
};

describe('LessonEditForm', () => {
  it('sends every field, lists one item a line (blank lines dropped, trimmed)', () => {
    const onSave = vi.fn();
    render(
      <LessonEditForm lesson={lesson} saving={false} outcome={null} onSave={onSave} onEdit={() => {}} />,
    );
    fireEvent.change(screen.getByLabelText('Lesson title'), { target: { value: '  Cells: the basics ' } });
    fireEvent.change(screen.getByLabelText('Outline (one point a line)'), {
      target: { value: 'Membrane\n\n  Nucleus \nMitochondria' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save lesson' }));
    expect(onSave).toHaveBeenCalledWith({
      title: 'Cells: the basics',
      objectives: ['Name the parts of a cell'],
      outline: ['Membrane', 'Nucleus', 'Mitochondria'],
      exercises: ['Draw a cell'],
      estimatedMinutes: 30,
      difficulty: 'beginner',
    });
  });

  it('says in words what to fix, and sends nothing, for the server’s limits', () => {
    const onSave = vi.fn();
    render(
      <LessonEditForm lesson={lesson} saving={false} outcome={null} onSave={onSave} onEdit={() => {}} />,
    );
    fireEvent.change(screen.getByLabelText('Lesson title'), { target: { value: ' ' } });
    fireEvent.change(screen.getByLabelText('Exercises (one a line)'), { target: { value: '\n' } });
    fireEvent.change(screen.getByLabelText('Minutes'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save lesson' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Give the lesson a title.')).toBeTruthy();
    expect(screen.getByText('Write between 1 and 6 exercises, one a line.')).toBeTruthy();
    expect(screen.getByText('Minutes: a whole number from 5 to 600.')).toBeTruthy();
  });

  it('shows saving, saved and a failure in words', () => {
    const props = { lesson, onSave: () => {}, onEdit: () => {} };
    const { rerender } = render(<LessonEditForm {...props} saving outcome={null} />);
    expect(screen.getByRole('button', { name: 'Saving…' }).getAttribute('aria-busy')).toBe('true');
    rerender(<LessonEditForm {...props} saving={false} outcome={{ ok: true }} />);
    expect(screen.getByRole('status').textContent).toMatch(/^Saved\./);
    expect(screen.getByRole('status').textContent).toMatch(/Learners see this version/);
    rerender(<LessonEditForm {...props} saving={false} published={false} outcome={{ ok: true }} />);
    expect(screen.getByRole('status').textContent).toBe(
      'Saved. Learners will see it once you publish the path.',
    );
    rerender(
      <LessonEditForm
        {...props}
        saving={false}
        outcome={{ ok: false, message: 'The lesson was not saved. Please try again.' }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('The lesson was not saved. Please try again.');
  });
});
