import { useEffect, useRef, useState } from 'react';

/**
 * A text field bound to a value kept elsewhere (the address): typing shows at once, the value is
 * committed after a pause, and a change from outside (back button, « Effacer ») shows in the field.
 */
export function useDebouncedCommit(value: string, commit: (next: string) => void, delayMs = 250) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latestCommit = useRef(commit);
  latestCommit.current = commit;

  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      clearTimeout(timer.current);
      setDraft(value);
    }
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  function change(next: string) {
    setDraft(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      committed.current = next;
      latestCommit.current(next);
    }, delayMs);
  }

  return [draft, change] as const;
}
