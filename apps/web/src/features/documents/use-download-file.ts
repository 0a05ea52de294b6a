import { useState } from 'react';
import { toFrenchError } from '../../lib/errors.ts';
import { useTRPCClient } from '../../lib/trpc.ts';
import { notify } from '../../ui/toast.tsx';

/**
 * Downloads a stored document through its signed URL, which carries its own short-lived
 * signature: no bearer leaves with it. A refusal becomes a French toast.
 */
export function useDownloadFile() {
  const client = useTRPCClient();
  const [downloading, setDownloading] = useState(false);
  const download = async (file: { id: string; fileName: string }) => {
    setDownloading(true);
    try {
      const { url } = await client.files.downloadUrl.query({ id: file.id });
      const link = document.createElement('a');
      link.href = url;
      link.download = file.fileName;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      notify(toFrenchError(error).message, 'error');
    } finally {
      setDownloading(false);
    }
  };
  return { download, downloading };
}
