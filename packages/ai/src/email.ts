/**
 * Splitting an e-mail into what its author just wrote, their signature, and the thread below.
 * Matching reads the new text only: a quoted reply or a forwarded thread names other addresses,
 * other mandates and other people, and a signature holds the sender's own office address.
 */

export interface EmailParts {
  /** What the author wrote in this message, before any signature or quoted thread. */
  newText: string;
  signature: string;
  /** The quoted reply or forwarded thread, from its header line on. */
  quoted: string;
}

const SEPARATOR =
  /^\s*[-_=*]{2,}\s*(?:original message|message d'origine|message d’origine|forwarded message|message transf[ée]r[ée]|mail transf[ée]r[ée])\s*[-_=*]{2,}\s*$/i;
const FORWARD_INTRO = /^\s*(?:d[ée]but du message r[ée]exp[ée]di[ée]|begin forwarded message|message transf[ée]r[ée])\s*:?\s*$/i;
const QUOTED_LINE = /^\s*>/;
const HEADER_FROM = /^\s*\**\s*(?:de|from|exp[ée]diteur)\s*\**\s*:/i;
const HEADER_OTHER = /^\s*\**\s*(?:envoy[ée](?: le)?|sent|date|[àa]|to|cc|objet|subject)\s*\**\s*:/i;
const HEADER_INLINE = /^\s*\**\s*(?:de|from)\s*\**\s*:.*\b(?:envoy[ée]|sent|date)\s*\**\s*:/i;
const RULE = /^\s*_{8,}\s*$/;
/** "Le lun. 3 mars 2026 à 10:12, Jean Dupont <jean@x.fr> a écrit :", which mail clients may wrap over up to three lines. */
const WROTE_FR = /^\s*le\s.{0,240}?\ba\s+[ée]crit\s*:?\s*$/i;
const WROTE_EN = /^\s*on\s.{0,240}?\bwrote\s*:?\s*$/i;

const SIGNATURE_DELIMITER = /^\s*(?:--|—|__)\s*$/;
const SENT_FROM = /^\s*(?:envoy[ée] (?:de|depuis) (?:mon|ma|un|une)\b|sent from my\b|t[ée]l[ée]charger outlook\b|get outlook for\b)/i;
/** A closing formula alone on its line, possibly followed by a name ("Cordialement, Jean Fabre"). */
const CLOSING =
  /^\s*(?:(?:bien|tr[èe]s|tr[èe]s bien)\s+)?(?:cordialement|cdlt|cdt|amicalement|bien [àa] (?:vous|toi)|b[àa]v|(?:sinc[èe]res|meilleures|mes|nos) salutations|salutations(?: distingu[ée]es)?|bonne (?:journ[ée]e|soir[ée]e|fin de journ[ée]e|semaine)|belle journ[ée]e|merci(?: beaucoup| d'avance| d’avance| par avance)?|[àa] bient[ôo]t|bisous|bises)[\s,.!]*(.*)$/i;
/** Case-sensitive on purpose: "Merci Claire" closes a message, "merci pour les photos" does not. */
const NAME_ONLY = /^(?:\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}[\s,.!]*)?$/u;
const FORMAL_CLOSING = /^\s*(?:veuillez|je vous prie d|nous vous prions d)\S*\s+agr[ée]er\b/i;

function startsThread(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (QUOTED_LINE.test(line) || SEPARATOR.test(line) || FORWARD_INTRO.test(line) || HEADER_INLINE.test(line)) return true;
  for (let span = 1; span <= 3 && i + span <= lines.length; span++) {
    const joined = lines.slice(i, i + span).join(' ');
    if (/^\s*(?:le|on)\s/i.test(line) && (WROTE_FR.test(joined) || WROTE_EN.test(joined))) return true;
  }
  // Outlook's header block: "De : …" then "Envoyé : …" / "À : …" within the next lines.
  if (HEADER_FROM.test(line) || RULE.test(line)) {
    const next = lines.slice(i + 1, i + 5);
    if (RULE.test(line)) return next.some((l) => HEADER_FROM.test(l));
    return next.some((l) => HEADER_OTHER.test(l));
  }
  return false;
}

function startsSignature(line: string): boolean {
  if (SIGNATURE_DELIMITER.test(line) || SENT_FROM.test(line) || FORMAL_CLOSING.test(line)) return true;
  const closing = line.trim().length <= 60 ? CLOSING.exec(line) : null;
  return closing !== null && NAME_ONLY.test(closing[1]!);
}

export function splitEmail(body: string): EmailParts {
  const lines = body
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n');
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    if (startsThread(lines, i)) {
      cut = i;
      break;
    }
  }
  const head = lines.slice(0, cut);
  let signatureAt = head.length;
  let seenText = false;
  for (let i = 0; i < head.length; i++) {
    // A closing formula on the first line is a one-line message ("Merci !"), not a signature.
    if (seenText && startsSignature(head[i]!)) {
      signatureAt = i;
      break;
    }
    if (head[i]!.trim() && !/^\s*(?:bonjour|bonsoir|salut|madame|monsieur|ma[îi]tre|cher|ch[èe]re)\b.{0,40}$/i.test(head[i]!))
      seenText = true;
  }
  return {
    newText: head.slice(0, signatureAt).join('\n').trim(),
    signature: head.slice(signatureAt).join('\n').trim(),
    quoted: lines.slice(cut).join('\n').trim(),
  };
}

/**
 * The person a signature names first ("Cordialement,\nJean-Pierre Fabre", "Maître Sophie
 * Castellan"): who wrote the message, even from an address the agency does not know. Null when
 * the signature opens with anything else (a company block, a phone number).
 */
export function signatureName(signature: string): string | null {
  const lines = signature
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 3);
  for (const line of lines) {
    const rest = (CLOSING.exec(line)?.[1] ?? line).replace(/^(?:ma[îi]tre|me|m\.|mme|mr|monsieur|madame)\s+/i, '').replace(/[\s,.!]+$/, '');
    if (/^\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){1,3}$/u.test(rest)) return rest;
  }
  return null;
}

/** "RE: TR: Fwd: Mandat 14 rue Sainte" → "Mandat 14 rue Sainte". */
export const stripSubjectPrefixes = (subject: string): string =>
  subject.replace(/^\s*(?:(?:re|tr|fwd?|fw|réf|ref)\s*(?:\[\d+\])?\s*:\s*)+/i, '').trim();
