import { VOCAL_STATUS_LABELS, type VocalStatus } from '@monimmo/contract/vocabulary/lists';
import { AlertTriangle, Check } from 'lucide-react';
import { cn } from '../../lib/cn.ts';
import { Badge } from '../../ui/badge.tsx';

/** The pipeline as a person follows it: sent, transcribed, analysed. */
const STEPS = ['UPLOADED', 'TRANSCRIBED', 'INSIGHTS_READY'] as const satisfies readonly VocalStatus[];

/** Still being worked on by the API's jobs: screens refresh until it settles. */
export const isInProgress = (status: VocalStatus): boolean => status === 'UPLOADED' || status === 'TRANSCRIBED';

/** A small stepper « Envoyée → Transcrite → Analysée »; a note needing a person says so instead. */
export function VocalStatusSteps({ status }: { status: VocalStatus }) {
  if (status === 'REVIEW_REQUIRED')
    return (
      <span data-status={status} className="inline-flex">
        <Badge tone="warning" className="gap-1">
          <AlertTriangle aria-hidden="true" className="h-3 w-3" />
          {VOCAL_STATUS_LABELS.REVIEW_REQUIRED}
        </Badge>
      </span>
    );
  const reached = STEPS.indexOf(status);
  return (
    <ol
      aria-label={`Avancement : ${VOCAL_STATUS_LABELS[status]}`}
      data-status={status}
      className="flex flex-wrap items-center gap-1 text-xs"
    >
      {STEPS.map((step, index) => {
        const done = index <= reached;
        return (
          <li key={step} className="flex items-center gap-1" aria-current={index === reached ? 'step' : undefined}>
            {index > 0 ? <span aria-hidden="true" className={cn('h-px w-3', done ? 'bg-brand-600' : 'bg-slate-300')} /> : null}
            <span
              className={cn(
                'inline-flex items-center gap-0.5 rounded-full px-2 py-0.5 font-medium whitespace-nowrap',
                done ? 'bg-brand-50 text-brand-700' : 'bg-slate-100 text-slate-500',
                index === reached && isInProgress(status) && 'animate-pulse',
              )}
            >
              {done ? <Check aria-hidden="true" className="h-3 w-3" /> : null}
              {VOCAL_STATUS_LABELS[step]}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
