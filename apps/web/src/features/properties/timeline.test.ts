import { describe, expect, it } from 'vitest';
import { timelineSentence, type TimelineEvent } from './timeline.ts';

const event = (over: Partial<TimelineEvent>): TimelineEvent => ({
  id: '019ab3c2-5e1f-7a2b-9c3d-4e5f6a7b8c9d',
  type: 'STATUS_CHANGED',
  fromStatus: 'MANDAT_SIGNE',
  toStatus: 'EN_DIFFUSION',
  actor: { id: '019ab3c2-5e1f-7a2b-9c3d-4e5f6a7b8c9e', firstName: 'Claire', lastName: 'Martin' },
  createdAt: '2026-12-07T09:42:00.000Z',
  ...over,
});

describe('timeline sentences', () => {
  it('tells who moved the property where', () => {
    expect(timelineSentence(event({}))).toBe('Claire Martin a déplacé le bien de Mandat signé vers En diffusion');
    expect(timelineSentence(event({ type: 'CREATED', fromStatus: null, toStatus: 'PROSPECTION' }))).toBe('Claire Martin a créé le bien');
    expect(timelineSentence(event({ actor: null }))).toBe('Un automatisme a déplacé le bien de Mandat signé vers En diffusion');
  });
});
