import {
  DETECTABLE_VOCAL_TYPES,
  INTEREST_LEVEL_LABELS,
  VOCAL_SOURCE_LABELS,
  VOCAL_TYPE_LABELS,
  type DetectableVocalType,
} from '@monimmo/contract/vocabulary/lists';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Pencil, RotateCw } from 'lucide-react';
import { useId, useState, type ReactNode } from 'react';
import { toFrenchError } from '../../lib/errors.ts';
import { formatDateTime, formatPrice } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { EmptyState, LoadingBlock } from '../../ui/feedback.tsx';
import { FormError, Select, Textarea } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';
import { DETAIL_FIELDS, formatDetail } from '../properties/details.ts';
import { PropertyName } from './property-name.tsx';
import { formatDuration, useVocal, type Vocal } from './use-vocals.ts';
import { isInProgress, VocalStatusSteps } from './vocal-status.tsx';

/** One voice note in full: transcript (correctable), summary, insights, facts written into the property. */
export function VocalDetail({ id }: { id: string }) {
  const vocal = useVocal(id);
  if (vocal.isPending) return <LoadingBlock lines={6} label="Chargement de la note vocale…" />;
  if (vocal.isError)
    return (
      <EmptyState icon={RotateCw} title="Impossible d’afficher cette note vocale">
        {toFrenchError(vocal.error).message}
      </EmptyState>
    );
  return <VocalView vocal={vocal.data} />;
}

function useUpdateVocal() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.vocals.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.vocals.pathFilter());
      },
    }),
  );
}

function VocalView({ vocal }: { vocal: Vocal }) {
  const duration = formatDuration(vocal.durationSeconds);
  return (
    <article aria-label="Note vocale" className="space-y-4">
      <Card title={`Note du ${formatDateTime(vocal.createdAt)}`}>
        <div className="space-y-3 text-sm">
          <VocalStatusSteps status={vocal.status} />
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1">
            <dt className="text-slate-600">Bien</dt>
            <dd>
              <PropertyName propertyId={vocal.propertyId} />
            </dd>
            {duration ? (
              <>
                <dt className="text-slate-600">Durée</dt>
                <dd>{duration}</dd>
              </>
            ) : null}
            <dt className="text-slate-600">Origine</dt>
            <dd>{VOCAL_SOURCE_LABELS[vocal.source]}</dd>
          </dl>
          <TypeChoice vocal={vocal} />
          {vocal.processingError ? <FormError message={vocal.processingError} /> : null}
          <audio controls preload="none" src={vocal.audioUrl.url} className="w-full">
            <track kind="captions" />
          </audio>
        </div>
      </Card>
      <Transcript vocal={vocal} />
      <Card title="Résumé">
        {vocal.summary ? (
          <p className="text-sm whitespace-pre-line text-slate-800">{vocal.summary}</p>
        ) : (
          <p className="text-sm text-slate-600">
            {isInProgress(vocal.status) ? 'Le résumé arrive dès l’analyse terminée…' : 'Pas de résumé.'}
          </p>
        )}
      </Card>
      <Insights vocal={vocal} />
      <Extraction vocal={vocal} />
    </article>
  );
}

function TypeChoice({ vocal }: { vocal: Vocal }) {
  const id = useId();
  const update = useUpdateVocal();
  return (
    <div className="max-w-xs space-y-1">
      <label htmlFor={id} className="block text-sm text-slate-600">
        Type de note
      </label>
      <Select
        id={id}
        value={vocal.vocalType && vocal.vocalType !== 'ERREUR_TRAITEMENT' ? vocal.vocalType : ''}
        disabled={update.isPending}
        onChange={(event) => {
          const vocalType = event.target.value as DetectableVocalType;
          if (vocalType)
            update.mutate(
              { id: vocal.id, vocalType },
              {
                onSuccess: () => notify('Type enregistré : l’analyse reprend.', 'success'),
                onError: (error) => notify(toFrenchError(error).message, 'error'),
              },
            );
        }}
      >
        <option value="" disabled>
          {vocal.vocalType === 'ERREUR_TRAITEMENT' ? VOCAL_TYPE_LABELS.ERREUR_TRAITEMENT : 'À déterminer'}
        </option>
        {DETECTABLE_VOCAL_TYPES.map((type) => (
          <option key={type} value={type}>
            {VOCAL_TYPE_LABELS[type]}
          </option>
        ))}
      </Select>
    </div>
  );
}

function Transcript({ vocal }: { vocal: Vocal }) {
  const update = useUpdateVocal();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const id = useId();

  const save = () =>
    update.mutate(
      { id: vocal.id, transcript: text },
      {
        onSuccess: () => {
          setEditing(false);
          notify(
            vocal.transcript
              ? 'Transcription corrigée : le résumé et l’analyse sont refaits.'
              : 'Transcription enregistrée : l’analyse reprend.',
            'success',
          );
        },
      },
    );

  // Nothing heard (or a failed transcription): the person types what was said, once processing has stopped.
  const canWrite = Boolean(vocal.transcript) || !isInProgress(vocal.status);
  return (
    <Card
      title="Transcription"
      action={
        canWrite && !editing ? (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => {
              setText(vocal.transcript ?? '');
              update.reset();
              setEditing(true);
            }}
          >
            <Pencil aria-hidden="true" className="h-4 w-4" />
            {vocal.transcript ? 'Corriger la transcription' : 'Saisir la transcription'}
          </Button>
        ) : null
      }
    >
      {editing ? (
        <form
          className="space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label htmlFor={id} className="sr-only">
            {vocal.transcript ? 'Transcription corrigée' : 'Ce qui a été dit'}
          </label>
          <Textarea id={id} rows={10} value={text} onChange={(event) => setText(event.target.value)} />
          <FormError message={update.error ? toFrenchError(update.error).message : undefined} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={update.isPending || !text.trim()}>
              {update.isPending ? 'Enregistrement…' : vocal.transcript ? 'Enregistrer la correction' : 'Enregistrer la transcription'}
            </Button>
            <Button variant="secondary" onClick={() => setEditing(false)}>
              Annuler
            </Button>
          </div>
        </form>
      ) : vocal.transcript ? (
        <p className="text-sm whitespace-pre-line text-slate-800">{vocal.transcript}</p>
      ) : (
        <p className="text-sm text-slate-600">
          {isInProgress(vocal.status)
            ? 'Transcription en cours…'
            : vocal.transcript === ''
              ? 'Aucune parole n’a été reconnue dans l’enregistrement : saisissez ce qui a été dit, l’analyse reprendra à partir de votre texte.'
              : 'Pas de transcription.'}
        </p>
      )}
    </Card>
  );
}

function ListBlock({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-slate-800">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

function Insights({ vocal }: { vocal: Vocal }) {
  const insights = vocal.insights;
  if (!insights) return null;
  return (
    <Card title="Enseignements">
      <div className="space-y-3">
        {insights.interestLevel || insights.budget != null || insights.newPrice != null ? (
          <dl className="flex flex-wrap gap-x-8 gap-y-2">
            {insights.interestLevel ? <Fact label="Intérêt">{INTEREST_LEVEL_LABELS[insights.interestLevel]}</Fact> : null}
            {insights.budget != null ? <Fact label="Budget">{formatPrice(insights.budget)}</Fact> : null}
            {insights.newPrice != null ? <Fact label="Nouveau prix">{formatPrice(insights.newPrice)}</Fact> : null}
          </dl>
        ) : null}
        <ListBlock title="Points forts" items={insights.highlights} />
        <ListBlock title="Objections" items={insights.objections} />
        <ListBlock title="Changements" items={insights.changes} />
        <ListBlock title="Travaux" items={insights.worksNeeded} />
        <ListBlock title="Personnes citées" items={insights.people} />
        <ListBlock title="Prochaines étapes" items={insights.nextSteps} />
      </div>
    </Card>
  );
}

const COLUMN_LABELS: Record<string, string> = { address: 'Adresse', postalCode: 'Code postal', city: 'Ville', price: 'Prix' };
const FIELD_LABELS: Record<string, string> = { ...COLUMN_LABELS, ...Object.fromEntries(DETAIL_FIELDS.map((f) => [f.key, f.label])) };

function factText(key: string, value: unknown): string | null {
  if (key === 'price') return typeof value === 'number' ? formatPrice(value) : null;
  if (typeof value === 'string' && key in COLUMN_LABELS) return value;
  return formatDetail(key, value);
}

/** A first visit: what was read, what went into the property, what contradicted it. */
function Extraction({ vocal }: { vocal: Vocal }) {
  const extraction = vocal.extraction;
  if (!extraction) return null;
  const facts = Object.entries(extraction.fields)
    .map(([key, value]) => ({ key, label: FIELD_LABELS[key], text: factText(key, value) }))
    .filter((f): f is { key: string; label: string; text: string } => Boolean(f.label && f.text));
  const conflicts = Object.keys(extraction.conflicts);
  return (
    <Card
      title="Relevé de la première visite"
      action={
        vocal.propertyId ? (
          <Button asChild size="sm" variant="secondary">
            <Link to="/biens/$propertyId" params={{ propertyId: vocal.propertyId }}>
              Voir la fiche du bien
            </Link>
          </Button>
        ) : null
      }
    >
      {facts.length === 0 ? (
        <p className="text-sm text-slate-600">Aucune caractéristique relevée.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {facts.map((fact) => (
            <li key={fact.key} className="flex flex-wrap items-baseline justify-between gap-x-4 py-1.5">
              <span className="text-slate-600">{fact.label}</span>
              <span className="font-medium text-slate-900">
                {fact.text}
                {extraction.applied.includes(fact.key) ? (
                  <span className="ml-2 text-xs font-normal text-emerald-700">ajouté à la fiche</span>
                ) : null}
                {conflicts.includes(fact.key) ? (
                  <span className="ml-2 text-xs font-normal text-amber-800">différent de la fiche, à vérifier</span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
