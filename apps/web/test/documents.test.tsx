import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jpegBytes, pdfBytes } from './document-bytes.ts';
import { renderDocuments } from './document-scene.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const uploadRow = (name: string) => screen.getByRole('listitem', { name: `Envoi de ${name}` });
const documentRow = (name: string) => screen.getByRole('listitem', { name });

describe('property documents', () => {
  it('says what to drop when there is nothing yet', async () => {
    await renderDocuments();
    expect(await screen.findByText('Aucun document. Déposez les diagnostics, le mandat, les titres… ici')).toBeTruthy();
  });

  it('uploads files at once, one with a chosen type and one left to the classifier, and lists them by family', async () => {
    const { user } = await renderDocuments();
    await screen.findByText(/Aucun document/);
    const typeSelect = screen.getByLabelText('Type des documents déposés');
    expect((typeSelect as HTMLSelectElement).value).toBe('');
    expect(within(typeSelect).getByRole('option', { name: 'Laisser Monimmo classer' })).toBeTruthy();
    expect(within(typeSelect).getByRole('group', { name: 'Diagnostics techniques' })).toBeTruthy();
    const picker = screen.getByLabelText<HTMLInputElement>('Fichiers à déposer');
    expect(picker.multiple).toBe(true);

    await user.selectOptions(typeSelect, 'Diagnostic de performance énergétique (DPE)');
    await user.upload(picker, new File([pdfBytes()], 'dpe-2026.pdf', { type: 'application/pdf' }));
    await user.selectOptions(typeSelect, 'Laisser Monimmo classer');
    await user.upload(picker, new File([jpegBytes()], 'facade.jpg', { type: 'image/jpeg' }));

    await waitFor(() => expect(within(uploadRow('dpe-2026.pdf')).getByText('Envoyé')).toBeTruthy());
    await waitFor(() => expect(within(uploadRow('facade.jpg')).getByText('Envoyé')).toBeTruthy());

    const diagnostics = await screen.findByRole('region', { name: 'Diagnostics techniques' });
    await waitFor(() => expect(within(diagnostics).getByRole('listitem', { name: 'dpe-2026.pdf' })).toBeTruthy());
    expect(within(documentRow('dpe-2026.pdf')).getByText('Diagnostic de performance énergétique (DPE)')).toBeTruthy();
    // The photo is classified by the AI in a job; the list polls until it has its family.
    const marketing = await screen.findByRole('region', { name: 'Commercialisation' }, { timeout: 15_000 });
    expect(within(marketing).getByRole('listitem', { name: 'facade.jpg' })).toBeTruthy();
    expect(within(documentRow('facade.jpg')).getByText('Photos HD')).toBeTruthy();
  });

  it('shows a refusal in French with a retry, next to a file of the same batch that went through', async () => {
    const { user } = await renderDocuments();
    await screen.findByText(/Aucun document/);
    // A type for the batch: a PDF left to the classifier starts the API's text-extraction worker,
    // which outlives the test API's stop (10 s wait at exit).
    await user.selectOptions(screen.getByLabelText('Type des documents déposés'), 'Mandat de vente signé');
    await user.upload(screen.getByLabelText('Fichiers à déposer'), [
      new File([jpegBytes()], 'plan.pdf', { type: 'application/pdf' }),
      new File([pdfBytes()], 'mandat.pdf', { type: 'application/pdf' }),
    ]);
    await waitFor(() =>
      expect(within(uploadRow('plan.pdf')).getByText('Le contenu du fichier ne correspond pas à son type.')).toBeTruthy(),
    );
    expect(within(uploadRow('plan.pdf')).getByRole('button', { name: 'Réessayer' })).toBeTruthy();
    await waitFor(() => expect(within(uploadRow('mandat.pdf')).getByText('Envoyé')).toBeTruthy());
  });

  it('changes a document’s type, confirms it and the API keeps it', async () => {
    const { user, api, propertyId } = await renderDocuments();
    await screen.findByText(/Aucun document/);
    await user.selectOptions(screen.getByLabelText('Type des documents déposés'), 'Diagnostic amiante');
    await user.upload(screen.getByLabelText('Fichiers à déposer'), new File([pdfBytes()], 'rapport.pdf', { type: 'application/pdf' }));
    await waitFor(() => expect(documentRow('rapport.pdf')).toBeTruthy());

    await user.click(within(documentRow('rapport.pdf')).getByRole('button', { name: 'Changer le type' }));
    await user.selectOptions(within(documentRow('rapport.pdf')).getByLabelText('Nouveau type'), 'Titre de propriété');
    expect(await screen.findByText('Type enregistré : Titre de propriété.')).toBeTruthy();
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: 'Propriété' })).getByRole('listitem', { name: 'rapport.pdf' })).toBeTruthy(),
    );

    const page = await api<{ items: { fileName: string; typeDocument: string; status: string }[] }>(`/files?propertyId=${propertyId}`);
    expect(page.items).toEqual([
      expect.objectContaining({ fileName: 'rapport.pdf', typeDocument: 'TITRE_PROPRIETE', status: 'CLASSIFIED' }),
    ]);
  });

  it('downloads through a signed URL whose bytes are the uploaded ones', async () => {
    const { user } = await renderDocuments();
    await screen.findByText(/Aucun document/);
    const bytes = pdfBytes('Mandat de vente');
    await user.selectOptions(screen.getByLabelText('Type des documents déposés'), 'Mandat de vente signé');
    await user.upload(screen.getByLabelText('Fichiers à déposer'), new File([bytes], 'mandat-signe.pdf', { type: 'application/pdf' }));
    await waitFor(() => expect(documentRow('mandat-signe.pdf')).toBeTruthy());

    // The panel opens the signed URL with a link click: catch the link instead of navigating.
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    await user.click(within(documentRow('mandat-signe.pdf')).getByRole('button', { name: 'Télécharger' }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    const link = clicked[0]!;
    expect(link.hasAttribute('download')).toBe(true);
    // The harness signs URLs for the default public address; the path and signature are what count.
    const signed = new URL(link.href);
    expect(signed.searchParams.get('sig')).toBeTruthy();
    const download = await fetch(`${signed.pathname}${signed.search}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });
});
