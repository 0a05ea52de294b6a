import { describe, expect, it } from 'vitest';
import { splitEmail, stripSubjectPrefixes } from '../src/index.ts';
import { signatureName } from '../src/email.ts';

describe('splitEmail', () => {
  it('keeps the new text of a reply and sets the quoted thread apart', () => {
    const parts = splitEmail(
      'Parfait, merci.\r\n\r\nLe lun. 3 mars 2026 à 10:12, Agence <contact@agence.fr> a écrit :\r\n> Visite du 14 rue Sainte ?',
    );
    expect(parts).toEqual({
      newText: 'Parfait, merci.',
      signature: '',
      quoted: 'Le lun. 3 mars 2026 à 10:12, Agence <contact@agence.fr> a écrit :\n> Visite du 14 rue Sainte ?',
    });
  });

  it.each([
    ['a wrapped Gmail header', 'Le jeu. 5 mars 2026 à 08:47, Vieux-Port Immobilier <\ncontact@vieuxport.fr> a écrit :'],
    ['an English header', 'On Mon, Mar 3, 2026 at 10:12 AM Agence <a@b.fr> wrote:'],
    ['Outlook', '-----Original Message-----\nFrom: Agence'],
    ['Outlook in French', "-----Message d'origine-----\nDe : Agence"],
    ['an Outlook header block', 'De : Agence <a@b.fr>\nEnvoyé : mardi 4 mars 2026 11:02\nÀ : moi\nObjet : Visite'],
    ['an Outlook one-line header', 'De : Agence Envoyé : mardi 4 mars 2026 11:02 À : moi'],
    ['an Outlook rule', '________________________________\nDe : Agence\nEnvoyé : mardi'],
    ['a Gmail forward', '---------- Forwarded message ---------\nDe : Jean'],
    ['a Thunderbird forward', '-------- Message transféré --------\nSujet : Piscine'],
    ['an Apple Mail forward', 'Début du message réexpédié :\n\nDe: Syndic'],
    ['quoted lines', '> Bonjour,\n> le 14 rue Sainte'],
  ])('cuts the thread at %s', (_what, thread) => {
    expect(splitEmail(`Vu, merci.\n\n${thread}\n14 rue Sainte`)).toMatchObject({
      newText: 'Vu, merci.',
      quoted: expect.stringContaining('14 rue Sainte'),
    });
  });

  it('does not take a sentence starting with "De :" or "Le" for a header', () => {
    const text = 'Le 14 rue Sainte a un balcon.\nDe : 9h à 12h, visites libres.';
    expect(splitEmail(text)).toEqual({ newText: text, signature: '', quoted: '' });
  });

  it.each([
    ['a closing formula', 'Cordialement,\nPlomberie Durand\n40 rue Paradis'],
    ['a closing formula with a name', 'Bien cordialement, Jean Fabre\n06 12 34 56 78'],
    ['the signature delimiter', '--\nAgence, 8 quai du Port'],
    ['a phone footer', 'Envoyé de mon iPhone'],
    ['a formal closing', "Veuillez agréer, Madame, l'expression de mes salutations distinguées.\nMe Castellan, 112 rue Paradis"],
  ])('sets the signature apart at %s', (_what, signature) => {
    expect(splitEmail(`Bonjour,\nLe devis est joint.\n\n${signature}`)).toEqual({
      newText: 'Bonjour,\nLe devis est joint.',
      signature,
      quoted: '',
    });
  });

  it('keeps a closing word that is content', () => {
    const text =
      'Bonjour,\nMerci pour les photos du 14 rue Sainte.\nBonne journée pour la visite de demain au 27 bd Longchamp, avec les clés du gardien';
    expect(splitEmail(text).newText).toBe(text);
    expect(splitEmail('Merci !').newText).toBe('Merci !');
  });
});

describe('signatureName', () => {
  it.each([
    ['Cordialement,\nJean-Pierre Fabre', 'Jean-Pierre Fabre'],
    ['Bien cordialement, Alain Roux.', 'Alain Roux'],
    ['Bien à vous,\n\nMaître Sophie Castellan\nOffice notarial', 'Sophie Castellan'],
    ['--\nCamille Rey — Vieux-Port Immobilier', null],
    ['Cordialement\n06 12 34 56 78', null],
    ['', null],
  ])('reads %j as %j', (signature, name) => {
    expect(signatureName(signature)).toBe(name);
  });
});

it('strips reply and forward prefixes from subjects', () => {
  expect(stripSubjectPrefixes('RE: TR: Fwd: Mandat 14 rue Sainte')).toBe('Mandat 14 rue Sainte');
  expect(stripSubjectPrefixes('Re[2]: Visite')).toBe('Visite');
  expect(stripSubjectPrefixes('Relevé de charges')).toBe('Relevé de charges');
});
