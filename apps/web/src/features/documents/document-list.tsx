import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Download, FileText, Loader2 } from 'lucide-react';
import { useId, useState } from 'react';
import { toFrenchError } from '../../lib/errors.ts';
import { formatBytes, formatDate } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Select } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';
import { groupByFamily, isTypeDocument, statusOf, typeLabel } from './document-types.ts';
import { TypeOptions } from './type-options.tsx';
import type { StoredFile } from './upload-file.ts';
import { useDownloadFile } from './use-download-file.ts';

/** The property's documents, one section per family. */
export function DocumentList({ files, propertyId }: { files: StoredFile[]; propertyId: string }) {
  return (
    <div className="space-y-5">
      {groupByFamily(files).map((group) => (
        <FamilySection key={group.key} label={group.label} files={group.files} propertyId={propertyId} />
      ))}
    </div>
  );
}

function FamilySection({ label, files, propertyId }: { label: string; files: StoredFile[]; propertyId: string }) {
  return (
    <section aria-label={label}>
      <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {label} <span className="font-normal normal-case">({files.length})</span>
      </h3>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {files.map((file) => (
          <DocumentRow key={file.id} file={file} propertyId={propertyId} />
        ))}
      </ul>
    </section>
  );
}

function DocumentRow({ file, propertyId }: { file: StoredFile; propertyId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [changing, setChanging] = useState(false);
  const selectId = useId();
  const status = statusOf(file);

  const update = useMutation(
    trpc.files.update.mutationOptions({
      onSuccess: (updated) => {
        notify(`Type enregistré : ${typeLabel(updated.typeDocument)}.`, 'success');
        setChanging(false);
      },
      onError: (error) => notify(toFrenchError(error).message, 'error'),
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.files.pathFilter()),
          queryClient.invalidateQueries(trpc.properties.get.queryFilter({ id: propertyId })),
        ]),
    }),
  );

  const { download: downloadFile, downloading } = useDownloadFile();
  const download = () => downloadFile(file);

  return (
    <li aria-label={file.fileName} className="flex flex-col gap-2 px-3 py-2.5 lg:flex-row lg:items-center lg:gap-4">
      <div className="flex min-w-0 flex-1 items-start gap-2.5">
        <FileText aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-slate-400" />
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-slate-900" title={file.fileName}>
            {file.fileName}
          </p>
          <p className="text-xs text-slate-600">
            <span className={file.typeDocument ? undefined : 'italic'}>{typeLabel(file.typeDocument)}</span>
            <span aria-hidden="true"> · </span>
            {formatBytes(file.size)}
            <span aria-hidden="true"> · </span>
            {formatDate(file.createdAt)}
          </p>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 pl-6 lg:pl-0">
        <Badge tone={status.tone}>
          {file.status === 'UPLOADED' ? <Loader2 aria-hidden="true" className="mr-1 h-3 w-3 animate-spin" /> : null}
          {status.label}
        </Badge>
        {changing ? (
          <div className="flex w-full items-center gap-1 sm:w-72">
            <label htmlFor={selectId} className="sr-only">
              Nouveau type
            </label>
            <Select
              id={selectId}
              autoFocus
              className="py-1"
              value={file.typeDocument ?? ''}
              disabled={update.isPending}
              onChange={(event) => {
                const value = event.target.value;
                if (isTypeDocument(value)) update.mutate({ id: file.id, typeDocument: value });
              }}
              onKeyDown={(event) => {
                if (event.key === 'Escape') setChanging(false);
              }}
            >
              {file.typeDocument ? null : (
                <option value="" disabled>
                  Choisir un type…
                </option>
              )}
              <TypeOptions />
            </Select>
            <Button variant="ghost" size="sm" onClick={() => setChanging(false)}>
              Fermer
            </Button>
          </div>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => setChanging(true)}>
            Changer le type
          </Button>
        )}
        <Button variant="secondary" size="sm" onClick={() => void download()} disabled={downloading}>
          {downloading ? (
            <Loader2 aria-hidden="true" className="h-3.5 w-3.5 animate-spin" />
          ) : (
            <Download aria-hidden="true" className="h-3.5 w-3.5" />
          )}
          <span className="sr-only sm:not-sr-only">Télécharger</span>
        </Button>
      </div>
    </li>
  );
}
