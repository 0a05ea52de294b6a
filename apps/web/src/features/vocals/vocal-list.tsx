import { VOCAL_TYPE_LABELS } from '@monimmo/contract/vocabulary/lists';
import { Link } from '@tanstack/react-router';
import { AudioLines } from 'lucide-react';
import { cn } from '../../lib/cn.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PropertyName } from './property-name.tsx';
import { formatDuration, type VocalSummary } from './use-vocals.ts';
import { VocalStatusSteps } from './vocal-status.tsx';

/** One line per voice note; its title opens it (the id goes in the address, not on screen). */
export function VocalList({
  vocals,
  selectedId,
  showProperty = true,
}: {
  vocals: VocalSummary[];
  selectedId?: string | undefined;
  showProperty?: boolean;
}) {
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white">
      {vocals.map((vocal) => (
        <li key={vocal.id} className={cn('space-y-2 p-3 sm:p-4', vocal.id === selectedId && 'bg-brand-50')}>
          <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
            <Link
              to="/vocaux"
              search={{ note: vocal.id }}
              aria-current={vocal.id === selectedId ? 'true' : undefined}
              className="flex min-w-0 items-center gap-2 font-medium text-slate-900 underline-offset-2 hover:underline"
            >
              <AudioLines aria-hidden="true" className="h-4 w-4 shrink-0 text-brand-600" />
              <span className="truncate">Note du {formatDateTime(vocal.createdAt)}</span>
            </Link>
            <VocalStatusSteps status={vocal.status} />
          </div>
          <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-600">
            {formatDuration(vocal.durationSeconds) ? <span>{formatDuration(vocal.durationSeconds)}</span> : null}
            {vocal.vocalType ? <span>{VOCAL_TYPE_LABELS[vocal.vocalType]}</span> : null}
            {showProperty ? <PropertyName propertyId={vocal.propertyId} /> : null}
          </p>
          {vocal.processingError ? <p className="text-sm text-red-700">{vocal.processingError}</p> : null}
        </li>
      ))}
    </ul>
  );
}
