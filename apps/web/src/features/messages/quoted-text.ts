/** A message body cut in two: what the sender wrote now, and the history they quoted below it. */
export interface SplitBody {
  fresh: string;
  quoted: string;
}

// « Le 3 mars 2026 à 10:12, Paul Martin <paul@exemple.fr> a écrit : » and Gmail's English form.
const ATTRIBUTION = /^\s*(le\s.+a\s+écrit\s*:?|on\s.+wrote\s*:?)\s*$/i;
const FORWARD_OR_REPLY_HEADER =
  /^\s*(-{2,}\s*(message d’origine|message d'origine|original message|message transféré|forwarded message)\s*-{2,}|de\s*:\s.+)$/i;

/**
 * Finds where the quoted history starts: an attribution line (« Le … a écrit : », possibly wrapped
 * over two lines), an « ----- Message d’origine ----- » header, or a run of lines starting with `>`.
 */
export function splitQuoted(body: string): SplitBody {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  let cut = -1;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (ATTRIBUTION.test(line) || FORWARD_OR_REPLY_HEADER.test(line)) {
      cut = i;
      break;
    }
    // Gmail wraps long attributions: « Le lun. 3 mars 2026 à 10:12, Paul Martin <paul@…> a\nécrit : ».
    if (/^\s*le\s/i.test(line) && ATTRIBUTION.test(joined) && (lines[i + 2] ?? '').trim().startsWith('>')) {
      cut = i;
      break;
    }
    if (line.trimStart().startsWith('>')) {
      cut = i;
      break;
    }
  }
  if (cut <= 0) {
    // Nothing quoted, or the whole message is a quote: show it all as the message itself.
    return { fresh: body.trim(), quoted: '' };
  }
  return { fresh: lines.slice(0, cut).join('\n').trim(), quoted: lines.slice(cut).join('\n').trim() };
}
