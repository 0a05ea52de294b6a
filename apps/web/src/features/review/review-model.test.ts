import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  candidatesOf,
  countByType,
  decisionFor,
  formatConfidence,
  neighbourAfterRemoval,
  reasonLabel,
  shortcutFor,
} from './review-model.ts';

const key = (k: string, target: EventTarget | null = null, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({
  key: k,
  target,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('review model', () => {
  it('reads a message’s property candidates with their evidence, the proposal first', () => {
    const item = {
      itemType: 'MESSAGE' as const,
      reason: 'MESSAGE_PROPERTY_AMBIGUOUS',
      payload: {
        confidence: 0.5,
        proposal: null,
        candidates: [
          { propertyId: 'a', confidence: 0.55, evidence: ['L’expéditeur est vendeur de ce bien'] },
          { propertyId: 'b', confidence: 0.5, evidence: [] },
        ],
      },
    };
    expect(candidatesOf(item)).toEqual([
      { kind: 'property', propertyId: 'a', confidence: 0.55, evidence: ['L’expéditeur est vendeur de ce bien'] },
      { kind: 'property', propertyId: 'b', confidence: 0.5, evidence: [] },
    ]);
    expect(decisionFor('r1', candidatesOf(item)[1]!)).toEqual({ id: 'r1', decision: 'ATTACH_PROPERTY', propertyId: 'b' });
    expect(actionsOf(item)).toMatchObject({ attachProperty: true, setTypeDocument: false, retry: false, dismiss: true });
  });

  it('reads a document’s type candidates and drops values outside the vocabulary', () => {
    const item = {
      itemType: 'FILE' as const,
      reason: 'FILE_CLASSIFICATION_REVIEW_REQUIRED',
      payload: { confidence: 0.4, proposal: 'DPE', candidates: [{ typeDocument: 'AMIANTE', confidence: 0.3 }, { typeDocument: 'NOPE' }] },
    };
    expect(candidatesOf(item).map((c) => (c.kind === 'typeDocument' ? c.typeDocument : null))).toEqual(['DPE', 'AMIANTE']);
    expect(actionsOf(item)).toMatchObject({ setTypeDocument: true, attachProperty: false });
  });

  it('offers a voice note the decisions its reason allows', () => {
    const transcript = { itemType: 'VOCAL' as const, reason: 'VOCAL_LOW_CONFIDENCE', payload: { step: 'TRANSCRIPT', proposal: 'Bonjour' } };
    expect(actionsOf(transcript)).toMatchObject({ correctTranscript: true, acceptProposal: true, retry: true, attachProperty: false });
    const failed = { itemType: 'VOCAL' as const, reason: 'VOCAL_PROCESSING_ERROR', payload: { error: 'x' } };
    expect(actionsOf(failed)).toMatchObject({ setVocalType: true, retry: true, acceptProposal: false });
    const type = {
      itemType: 'VOCAL' as const,
      reason: 'VOCAL_TYPE_REVIEW_REQUIRED',
      payload: { candidates: [{ vocalType: 'VISITE_SUIVI', confidence: 0.4 }] },
    };
    expect(decisionFor('r', candidatesOf(type)[0]!)).toEqual({ id: 'r', decision: 'SET_VOCAL_TYPE', vocalType: 'VISITE_SUIVI' });
  });

  it('formats, labels and counts in French', () => {
    expect(formatConfidence(0.87)).toMatch(/^87\s%$/u);
    expect(reasonLabel('MESSAGE_PROPERTY_AMBIGUOUS')).toBe('Message : plusieurs biens possibles');
    expect(reasonLabel('SOMETHING_NEW')).toBe('À vérifier');
    expect(countByType([{ itemType: 'FILE' }, { itemType: 'FILE' }, { itemType: 'VOCAL' }])).toEqual({ MESSAGE: 0, FILE: 2, VOCAL: 1 });
  });

  it('moves to the next item after a decision, or the previous one at the end', () => {
    expect(neighbourAfterRemoval(['a', 'b', 'c'], 'b')).toBe('c');
    expect(neighbourAfterRemoval(['a', 'b', 'c'], 'c')).toBe('b');
    expect(neighbourAfterRemoval(['a'], 'a')).toBeNull();
  });

  it('maps keys to actions, never while typing', () => {
    expect(shortcutFor(key('j'))).toEqual({ type: 'next' });
    expect(shortcutFor(key('ArrowUp'))).toEqual({ type: 'previous' });
    expect(shortcutFor(key('3'))).toEqual({ type: 'pick', index: 2 });
    expect(shortcutFor(key('0'))).toBeNull();
    expect(shortcutFor(key('Delete'))).toEqual({ type: 'dismiss' });
    expect(shortcutFor(key('?'))).toEqual({ type: 'help' });
    expect(shortcutFor(key('x', null, { ctrlKey: true }))).toBeNull();
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    expect(shortcutFor(key('x', input))).toBeNull();
    expect(shortcutFor(key('1', textarea))).toBeNull();
    const button = document.createElement('button');
    expect(shortcutFor(key('Enter', button))).toBeNull();
    button.setAttribute('data-review-candidate', '');
    expect(shortcutFor(key('Enter', button))).toEqual({ type: 'confirm' });
  });
});
