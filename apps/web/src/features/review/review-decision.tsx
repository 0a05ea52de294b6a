import { DETECTABLE_VOCAL_TYPES, REVIEW_DECISION_LABELS, VOCAL_TYPE_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Check, RotateCcw, X } from 'lucide-react';
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { cn } from '../../lib/cn.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Select, Textarea } from '../../ui/field.tsx';
import { TypeOptions } from '../documents/type-options.tsx';
import { isTypeDocument } from '../documents/document-types.ts';
import { PropertyPicker } from '../properties/property-picker.tsx';
import {
  actionsOf,
  candidatesOf,
  candidateTypeLabel,
  candidateValue,
  decisionFor,
  formatConfidence,
  shortcutFor,
  type Candidate,
  type ResolveInput,
  type ReviewItem,
} from './review-model.ts';

/** A choice waiting for « Valider »: a candidate, or what the agent picked in a list. */
type Choice = { candidate: Candidate; label: string };

export interface ReviewDecisionProps {
  item: ReviewItem;
  onResolve(input: ResolveInput): void;
  onNext(): void;
  onPrevious(): void;
  onHelp(): void;
}

const isVocalType = (v: string): v is (typeof DETECTABLE_VOCAL_TYPES)[number] => (DETECTABLE_VOCAL_TYPES as readonly string[]).includes(v);

/** A property's name as the agent knows it: its title, then where it is. */
function usePropertyNames(ids: string[]): Map<string, string> {
  const trpc = useTRPC();
  const results = useQueries({
    queries: ids.map((id) => trpc.properties.get.queryOptions({ id }, { staleTime: 60_000 })),
  });
  const names = new Map<string, string>();
  results.forEach((r, i) => {
    if (r.data) names.set(ids[i]!, `${r.data.title} — ${r.data.address}, ${r.data.city}`);
  });
  return names;
}

/**
 * The decisions an item allows, and the queue's keyboard: 1–9 choose a candidate, Entrée
 * confirms, r retries, x or Suppr dismisses, j/k or the arrows move, ? shows the shortcuts.
 */
export function ReviewDecision({ item, onResolve, onNext, onPrevious, onHelp }: ReviewDecisionProps) {
  const trpc = useTRPC();
  const actions = actionsOf(item);
  const candidates = candidatesOf(item);
  const names = usePropertyNames(candidates.flatMap((c) => (c.kind === 'property' ? [c.propertyId] : [])));
  const [choice, setChoice] = useState<Choice | null>(null);
  const payload = item.payload as { reasoning?: unknown; error?: unknown; proposal?: unknown; step?: unknown };
  const proposalText = typeof payload.proposal === 'string' && payload.step === 'TRANSCRIPT' ? payload.proposal : '';
  const vocal = useQuery(trpc.vocals.get.queryOptions({ id: item.itemId }, { enabled: actions.correctTranscript, staleTime: 60_000 }));
  const [transcript, setTranscript] = useState<string | null>(null);
  const transcriptValue = transcript ?? vocal.data?.transcript ?? proposalText;
  const ids = useId();

  const labelOf = (c: Candidate) => candidateTypeLabel(c) ?? names.get(candidateValue(c)) ?? 'Bien de l’agence';

  const confirm = () => {
    if (choice) onResolve(decisionFor(item.id, choice.candidate));
  };
  const retry = () => actions.retry && onResolve({ id: item.id, decision: 'RETRY' });
  const dismiss = () => onResolve({ id: item.id, decision: 'DISMISS' });

  // The handlers change at each render; the listener, added once, always runs the latest.
  const onShortcut = useEffectEvent((event: KeyboardEvent) => {
    const action = shortcutFor(event);
    if (!action) return;
    // Another layer (a dialog) has the keyboard.
    if (document.querySelector('[role="dialog"]')) return;
    event.preventDefault();
    if (action.type === 'next') onNext();
    else if (action.type === 'previous') onPrevious();
    else if (action.type === 'help') onHelp();
    else if (action.type === 'confirm') confirm();
    else if (action.type === 'retry') retry();
    else if (action.type === 'dismiss') dismiss();
    else if (action.type === 'pick') {
      const c = candidates[action.index];
      if (!c) return;
      setChoice({ candidate: c, label: labelOf(c) });
      // The focus follows the choice, so Entrée confirms it wherever the focus was (a filter, a button).
      document.querySelector<HTMLElement>(`[data-review-candidate="${action.index}"]`)?.focus();
    }
  });
  useEffect(() => {
    window.addEventListener('keydown', onShortcut);
    return () => window.removeEventListener('keydown', onShortcut);
  }, []);

  const chosenValue = choice ? candidateValue(choice.candidate) : null;

  return (
    <div className="space-y-5">
      {typeof payload.reasoning === 'string' && payload.reasoning ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{payload.reasoning}</p>
      ) : null}
      {typeof payload.error === 'string' && payload.error ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{payload.error}</p>
      ) : null}

      {candidates.length > 0 ? (
        <section aria-labelledby={`${ids}-candidates`} className="space-y-2">
          <h3 id={`${ids}-candidates`} className="text-sm font-semibold text-slate-900">
            Propositions de Monimmo
          </h3>
          <ol className="space-y-2">
            {candidates.slice(0, 9).map((c, index) => {
              const value = candidateValue(c);
              const selected = chosenValue === value;
              const label = labelOf(c);
              return (
                <li key={value}>
                  <button
                    type="button"
                    data-review-candidate={index}
                    aria-pressed={selected}
                    aria-describedby={c.evidence.length ? `${ids}-evidence-${index}` : undefined}
                    onClick={() => setChoice({ candidate: c, label })}
                    className={cn(
                      'flex w-full items-start gap-3 rounded-lg border px-3 py-2 text-left text-sm transition-colors',
                      selected ? 'border-brand-600 bg-brand-50 ring-1 ring-brand-600' : 'border-slate-200 bg-white hover:bg-slate-50',
                    )}
                  >
                    <kbd
                      aria-hidden="true"
                      className="mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded border border-slate-300 bg-slate-50 font-sans text-xs text-slate-600"
                    >
                      {index + 1}
                    </kbd>
                    <span className="min-w-0 flex-1">
                      {/* Named by its label and confidence, described by its evidence: what a screen reader needs first. */}
                      <span className="block font-medium text-slate-900">
                        {label}
                        {c.confidence !== null ? <span className="sr-only">, confiance {formatConfidence(c.confidence)}</span> : null}
                      </span>
                      {c.evidence.length ? (
                        <span id={`${ids}-evidence-${index}`} aria-hidden="true" className="mt-0.5 block text-xs text-slate-600">
                          {c.evidence.join(' · ')}
                        </span>
                      ) : null}
                    </span>
                    {c.confidence !== null ? (
                      <span aria-hidden="true" className="shrink-0 font-medium text-slate-700 tabular-nums">
                        {formatConfidence(c.confidence)}
                      </span>
                    ) : null}
                  </button>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}

      {actions.attachProperty ? (
        <PropertyPicker
          label={candidates.length ? 'Ou chercher un autre bien' : 'Chercher le bien concerné'}
          onSelect={(p) =>
            setChoice({
              candidate: { kind: 'property', propertyId: p.id, confidence: null, evidence: [] },
              label: `${p.title} — ${p.address}, ${p.city}`,
            })
          }
        />
      ) : null}

      {actions.setTypeDocument ? (
        <div className="space-y-1">
          <label htmlFor={`${ids}-type`} className="block text-sm font-medium text-slate-700">
            {REVIEW_DECISION_LABELS.SET_TYPE_DOCUMENT}
          </label>
          <Select
            id={`${ids}-type`}
            value={choice?.candidate.kind === 'typeDocument' ? choice.candidate.typeDocument : ''}
            onChange={(event) => {
              const value = event.target.value;
              if (isTypeDocument(value)) {
                const candidate: Candidate = { kind: 'typeDocument', typeDocument: value, confidence: null, evidence: [] };
                setChoice({ candidate, label: labelOf(candidate) });
              }
            }}
          >
            <option value="" disabled>
              Choisir…
            </option>
            <TypeOptions />
          </Select>
        </div>
      ) : null}

      {actions.setVocalType ? (
        <div className="space-y-1">
          <label htmlFor={`${ids}-vocal-type`} className="block text-sm font-medium text-slate-700">
            {REVIEW_DECISION_LABELS.SET_VOCAL_TYPE}
          </label>
          <Select
            id={`${ids}-vocal-type`}
            value={choice?.candidate.kind === 'vocalType' ? choice.candidate.vocalType : ''}
            onChange={(event) => {
              const value = event.target.value;
              if (isVocalType(value)) {
                const candidate: Candidate = { kind: 'vocalType', vocalType: value, confidence: null, evidence: [] };
                setChoice({ candidate, label: labelOf(candidate) });
              }
            }}
          >
            <option value="" disabled>
              Choisir…
            </option>
            {DETECTABLE_VOCAL_TYPES.map((t) => (
              <option key={t} value={t}>
                {VOCAL_TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </div>
      ) : null}

      {choice ? (
        <div className="flex flex-wrap items-center gap-3 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2">
          <p className="min-w-0 flex-1 text-sm text-slate-800">
            <span className="text-slate-600">Votre choix : </span>
            <span className="font-medium">{choice.label}</span>
          </p>
          <Button onClick={confirm}>
            <Check aria-hidden="true" className="h-4 w-4" />
            Valider
          </Button>
        </div>
      ) : null}

      {actions.correctTranscript ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            const text = transcriptValue.trim();
            if (text) onResolve({ id: item.id, decision: 'CORRECT_TRANSCRIPT', transcript: text });
          }}
        >
          <label htmlFor={`${ids}-transcript`} className="block text-sm font-medium text-slate-700">
            {REVIEW_DECISION_LABELS.CORRECT_TRANSCRIPT}
          </label>
          <Textarea
            id={`${ids}-transcript`}
            rows={5}
            value={transcriptValue}
            onChange={(event) => setTranscript(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
          />
          <Button type="submit" variant="secondary" disabled={!transcriptValue.trim()}>
            Enregistrer la transcription
          </Button>
        </form>
      ) : null}

      <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
        {actions.acceptProposal ? (
          <Button onClick={() => onResolve({ id: item.id, decision: 'ACCEPT_PROPOSAL' })}>
            <Check aria-hidden="true" className="h-4 w-4" />
            {REVIEW_DECISION_LABELS.ACCEPT_PROPOSAL}
          </Button>
        ) : null}
        {actions.retry ? (
          <Button variant="secondary" onClick={retry} aria-keyshortcuts="r">
            <RotateCcw aria-hidden="true" className="h-4 w-4" />
            {REVIEW_DECISION_LABELS.RETRY}
          </Button>
        ) : null}
        <Button variant="secondary" onClick={dismiss} aria-keyshortcuts="x Delete">
          <X aria-hidden="true" className="h-4 w-4" />
          {REVIEW_DECISION_LABELS.DISMISS}
        </Button>
      </div>
    </div>
  );
}
