import { describe, expect, it } from 'vitest';
import { decodeHeader, decodeText, defaultFileName, parseAddressList, parseRawMail } from '../src/mime.ts';

describe('mime helpers', () => {
  it('parses a bare message: no sender, a group of recipients, an inline picture', async () => {
    const raw = Buffer.from(
      [
        'To: Vendeurs: =?UTF-8?Q?=C3=89lise?= <elise@free.fr>, jp.fabre@orange.fr;',
        'Date: not a date',
        'Content-Type: multipart/related; boundary="r"',
        '',
        '--r',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<img src="cid:logo">',
        '--r',
        'Content-Type: image/png',
        'Content-ID: <logo>',
        'Content-Disposition: inline',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('PNG!').toString('base64'),
        '--r--',
        '',
      ].join('\r\n'),
    );
    const mail = await parseRawMail(raw);
    expect(mail).toMatchObject({ from: null, subject: '', date: null, text: null, messageId: null, cc: [] });
    expect(mail.to).toEqual([
      { name: 'Élise', address: 'elise@free.fr' },
      { name: '', address: 'jp.fabre@orange.fr' },
    ]);
    expect(mail.attachments).toMatchObject([{ fileName: 'piece-jointe-1.png', mimeType: 'image/png', inline: true, size: 4 }]);
  });

  it('decodes headers and texts whatever they are given', () => {
    expect(decodeHeader(undefined)).toBe('');
    expect(decodeHeader('=?UTF-8?B?w4l0YXQgZGF0w6k=?=')).toBe('État daté');
    expect(decodeHeader('Déjà décodé par Gmail')).toBe('Déjà décodé par Gmail');
    expect(parseAddressList(undefined)).toEqual([]);
    expect(decodeText(Buffer.from('Café', 'utf8'), undefined)).toBe('Café');
    expect(decodeText(Buffer.from('Caf\xe9', 'latin1'), 'text/plain; charset="ISO-8859-1"')).toBe('Café');
    expect(decodeText(Buffer.from([0x80]), 'text/plain; charset=windows-1252')).toBe('€');
    expect([defaultFileName(0, 'image/jpeg'), defaultFileName(1, 'text/plain'), defaultFileName(2, 'application/x-unknown')]).toEqual([
      'piece-jointe-1.jpg',
      'piece-jointe-2.txt',
      'piece-jointe-3',
    ]);
  });
});
