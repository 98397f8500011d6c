import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TutorProfileForm } from './TutorProfileForm';

describe('TutorProfileForm', () => {
  it('editing: starts from the saved profile and sends the changed fields (about cleared as "")', () => {
    const onSubmit = vi.fn();
    const onCancel = vi.fn();
    render(
      <TutorProfileForm
        initial={{
          headline: 'Biology teacher',
          bio: 'Ten years of cells',
          subjects: ['Biology', 'Chemistry'],
        }}
        submitLabel="Save tutor profile"
        saving={false}
        failure={null}
        onSubmit={onSubmit}
        onCancel={onCancel}
      />,
    );
    expect((screen.getByLabelText('Headline') as HTMLInputElement).value).toBe('Biology teacher');
    expect((screen.getByLabelText('About you (optional)') as HTMLTextAreaElement).value).toBe(
      'Ten years of cells',
    );
    expect((screen.getByLabelText('Subjects (comma separated)') as HTMLInputElement).value).toBe(
      'Biology, Chemistry',
    );
    fireEvent.change(screen.getByLabelText('Headline'), { target: { value: '  Biology tutor ' } });
    fireEvent.change(screen.getByLabelText('About you (optional)'), { target: { value: '  ' } });
    fireEvent.change(screen.getByLabelText('Subjects (comma separated)'), {
      target: { value: 'Biology, , Genetics ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save tutor profile' }));
    expect(onSubmit).toHaveBeenCalledWith({
      headline: 'Biology tutor',
      bio: '',
      subjects: ['Biology', 'Genetics'],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
  });

  it('asks for a headline in words and sends nothing without one; shows a failed save', () => {
    const onSubmit = vi.fn();
    render(
      <TutorProfileForm
        submitLabel="Create my tutor profile"
        saving={false}
        failure="Your tutor profile was not saved: try again."
        onSubmit={onSubmit}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create my tutor profile' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Write one line about yourself as a tutor.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Your tutor profile was not saved: try again.');
  });
});
