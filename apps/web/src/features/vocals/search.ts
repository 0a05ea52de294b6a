/** What the « Vocaux » screen keeps in its address: the open note, so a link opens it. */
export interface VocalsSearch {
  note?: string;
}

export function parseVocalsSearch(search: Record<string, unknown>): VocalsSearch {
  return typeof search.note === 'string' && search.note.length > 0 && search.note.length < 100 ? { note: search.note } : {};
}
