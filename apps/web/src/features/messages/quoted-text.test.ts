import { describe, expect, it } from 'vitest';
import { splitQuoted } from './quoted-text.ts';
import { parseInboxSearch } from './search.ts';

describe('splitQuoted', () => {
  it('keeps a message without history whole', () => {
    expect(splitQuoted('Bonjour,\nLa visite de samedi me convient.\n')).toEqual({
      fresh: 'Bonjour,\nLa visite de samedi me convient.',
      quoted: '',
    });
  });

  it('folds the history under « Le … a écrit : »', () => {
    const body = 'Parfait, merci !\n\nLe 3 mars 2026 à 10:12, Léa Roy <lea@agence.fr> a écrit :\n> La visite est confirmée.\n> Bien à vous';
    expect(splitQuoted(body)).toEqual({
      fresh: 'Parfait, merci !',
      quoted: 'Le 3 mars 2026 à 10:12, Léa Roy <lea@agence.fr> a écrit :\n> La visite est confirmée.\n> Bien à vous',
    });
  });

  it('finds an attribution wrapped over two lines', () => {
    const body = 'Oui.\nLe lun. 3 mars 2026 à 10:12, Léa Roy <lea@agence.fr> a\nécrit :\n> Êtes-vous disponible ?';
    expect(splitQuoted(body).fresh).toBe('Oui.');
  });

  it('folds lines starting with >', () => {
    expect(splitQuoted('Ok pour moi\n> ancien message\n> suite')).toEqual({ fresh: 'Ok pour moi', quoted: '> ancien message\n> suite' });
  });

  it('folds a forwarded message', () => {
    expect(splitQuoted('Pour info\n---------- Message transféré ---------\nDe : notaire@etude.fr').fresh).toBe('Pour info');
  });

  it('shows a message made only of a quote as it is', () => {
    expect(splitQuoted('> tout est cité')).toEqual({ fresh: '> tout est cité', quoted: '' });
  });
});

describe('parseInboxSearch', () => {
  it('keeps known filters and drops the rest', () => {
    expect(parseInboxSearch({ canal: 'WHATSAPP', etat: 'REVIEW_REQUIRED', q: ' Baille ', bien: 'p1', message: 'm1', x: 1 })).toEqual({
      canal: 'WHATSAPP',
      etat: 'REVIEW_REQUIRED',
      q: 'Baille',
      bien: 'p1',
      message: 'm1',
    });
    expect(parseInboxSearch({ canal: 'FAX', etat: 'NOPE', q: '  ' })).toEqual({});
  });
});
