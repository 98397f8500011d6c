// A chat's topics: what survives a drifting model reply, and which names can be topics at all.
import { describe, expect, it } from 'vitest';
import { OFFLINE_NOTICE } from '../chat/offline.ts';
import { keyTerms, salvageTopics, usableTopics } from './topics.ts';

describe('chat topics', () => {
  it('salvages the string items of a malformed reply and drops the rest', () => {
    expect(
      salvageTopics({ topics: ['Plate tectonics', 42, '', null, { name: 'x' }, ' Subduction '] }),
    ).toEqual({
      topics: ['Plate tectonics', 'Subduction'],
    });
    expect(salvageTopics(['Mantle'])).toEqual({ topics: ['Mantle'] });
    expect(salvageTopics({ topics: [1, 2] })).toBeUndefined();
    expect(salvageTopics('Plate tectonics')).toBeUndefined();
  });

  it('keeps short noun phrases once each, never questions, server text, placeholders or sentences', () => {
    expect(
      usableTopics([
        OFFLINE_NOTICE,
        'What makes plates move?',
        'Is the mantle liquid',
        '{{topic}}',
        'Plate tectonics',
        'plate-tectonics',
        'Convection currents in the mantle slowly drag the rigid plates across the planet',
        'Subduction zones',
        'Mantle convection',
        'Volcanoes',
      ]),
    ).toEqual(['Plate tectonics', 'Subduction zones', 'Mantle convection']);
  });

  it('takes only key terms the answers come back to', () => {
    const terms = keyTerms('Subduction sinks a plate. Subduction makes trenches. A volcano formed once.');
    expect(terms.map((t) => t.toLowerCase())).toContain('subduction');
    expect(terms.map((t) => t.toLowerCase())).not.toContain('volcano');
  });
});
