import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessTokenOf, pointAtRealApi, renderApp, signUpAgency } from './app.tsx';
import { createProperty, rest } from './rest.ts';

// Its comment tag carries the transcript the API's mock speech-to-text reads.
const recording = readFileSync(resolve(process.cwd(), 'packages/core/src/seed-assets/visite-initiale-rue-paradis.m4a'));
// What Chromium's MediaRecorder makes: readable, no duration, no words the mock can read.
const liveRecording = readFileSync(resolve(process.cwd(), 'packages/ai/test/fixtures/vocals/enregistrement-chromium.webm'));

beforeEach(() => {
  pointAtRealApi();
});
afterEach(cleanup);

/** The pipeline runs in the API's in-process queue; the screen refreshes until it is done. */
const PIPELINE = { timeout: 30_000 };

interface RestVocal {
  id: string;
  status: string;
  transcript: string | null;
  summary: string | null;
  propertyId: string | null;
}

describe('vocaux', () => {
  it('sends a recording picked as a file, follows it to « Analysée », and corrects its transcript', { timeout: 90_000 }, async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin, { title: 'Appartement Garnier', address: '5 rue Paradis', price: undefined });
    const { router } = await renderApp('/vocaux', { signedInAs: admin });
    const user = userEvent.setup();

    expect(await screen.findByText('Aucune note vocale pour l’instant')).toBeTruthy();
    await user.type(screen.getByRole('combobox', { name: 'Bien concerné (facultatif)' }), 'Garnier');
    await user.click(await screen.findByRole('option', { name: /Appartement Garnier/ }));
    expect(screen.getByRole('button', { name: 'Retirer le bien « Appartement Garnier »' })).toBeTruthy();

    const file = new File([recording], 'visite rue Paradis.m4a', { type: 'audio/mp4' });
    await user.upload(screen.getByLabelText('Fichier audio'), file);

    // The new note opens: its id is in the address, never on screen.
    await waitFor(() => expect((router.state.location.search as { note?: string }).note).toBeTruthy());
    const note = (router.state.location.search as { note: string }).note;
    expect(document.body.textContent).not.toContain(note);

    const list = await screen.findByRole('region', { name: 'Notes vocales de l’agence' });
    expect(await within(list).findByRole('link', { name: 'Appartement Garnier' })).toBeTruthy();
    await waitFor(() => expect(within(list).getByRole('list', { name: 'Avancement : Analysée' })).toBeTruthy(), PIPELINE);

    const transcript = await screen.findByRole('region', { name: 'Transcription' });
    expect(await within(transcript).findByText(/5 rue Paradis/, {}, PIPELINE)).toBeTruthy();
    const summary = screen.getByRole('region', { name: 'Résumé' });
    await waitFor(() => expect(within(summary).queryByText(/Le résumé arrive/)).toBeNull(), PIPELINE);
    const stored = await rest<RestVocal>(admin, 'GET', `/vocals/${note}`);
    expect(stored).toMatchObject({ status: 'INSIGHTS_READY', propertyId: property.id });
    expect(stored.summary).toMatch(/^Visite initiale chez Madame Garnier/);
    expect(within(summary).getByText(/^Visite initiale chez Madame Garnier/)).toBeTruthy();
    // A first visit: what the note taught about the property, written into it.
    const facts = screen.getByRole('region', { name: 'Relevé de la première visite' });
    expect(within(facts).getByText('92 m²')).toBeTruthy();
    expect(within(facts).getByRole('link', { name: 'Voir la fiche du bien' })).toBeTruthy();
    expect((screen.getByLabelText('Type de note') as HTMLSelectElement).value).toBe('VISITE_INITIALE');

    await user.click(within(transcript).getByRole('button', { name: 'Corriger la transcription' }));
    const box = within(transcript).getByLabelText('Transcription corrigée');
    await user.clear(box);
    await user.type(box, 'Premier rendez-vous chez Madame Garnier, 5 rue Paradis. Quatre pièces de 95 m² au troisième étage.');
    await user.click(within(transcript).getByRole('button', { name: 'Enregistrer la correction' }));
    expect(await within(transcript).findByText(/Quatre pièces de 95 m²/)).toBeTruthy();
    const corrected = await rest<RestVocal>(admin, 'GET', `/vocals/${note}`);
    expect(corrected.transcript).toContain('Quatre pièces de 95 m²');
    // The correction runs again what depends on it: the new surface is read, and not written over 92 m².
    await waitFor(async () => {
      const again = await rest<RestVocal & { extraction: { fields: { surface?: number }; conflicts: object } | null }>(
        admin,
        'GET',
        `/vocals/${note}`,
      );
      expect(again.extraction?.fields.surface).toBe(95);
      expect(again.extraction?.conflicts).toHaveProperty('surface');
    }, PIPELINE);
    const facts2 = screen.getByRole('region', { name: 'Relevé de la première visite' });
    expect(await within(facts2).findByText('différent de la fiche, à vérifier', {}, PIPELINE)).toBeTruthy();
  });

  it('asks for the words of a recording in which nothing was heard, and analyses what the person types', { timeout: 90_000 }, async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin, { title: 'Appartement Garnier', address: '5 rue Paradis', price: undefined });
    const upload = await fetch('/api/v1/vocals/upload?fileName=Note%20vocale.webm', {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessTokenOf(admin)}`, 'content-type': 'audio/webm' },
      body: liveRecording,
    });
    const { id } = (await upload.json()) as { id: string };
    await renderApp(`/vocaux?note=${id}`, { signedInAs: admin });
    const user = userEvent.setup();
    const note = await screen.findByRole('article', { name: 'Note vocale' });
    const transcript = within(note).getByRole('region', { name: 'Transcription' });
    expect(await within(transcript).findByText(/^Aucune parole n’a été reconnue/, {}, PIPELINE)).toBeTruthy();
    expect(within(note).getByText('À vérifier')).toBeTruthy();
    // No duration in a live recording: none is shown rather than a wrong one.
    expect(within(note).queryByText('Durée')).toBeNull();

    await user.click(within(transcript).getByRole('button', { name: 'Saisir la transcription' }));
    await user.type(
      within(transcript).getByLabelText('Ce qui a été dit'),
      'Premier rendez-vous chez Madame Garnier, 5 rue Paradis à Marseille. Quatre pièces de 92 m² au troisième étage.',
    );
    await user.click(within(transcript).getByRole('button', { name: 'Enregistrer la transcription' }));
    await waitFor(() => expect(within(note).getByRole('list', { name: 'Avancement : Analysée' })).toBeTruthy(), PIPELINE);
    const facts = await within(note).findByRole('region', { name: 'Relevé de la première visite' }, PIPELINE);
    expect(within(facts).getByText('92 m²')).toBeTruthy();
    expect(await rest<RestVocal>(admin, 'GET', `/vocals/${id}`)).toMatchObject({ status: 'INSIGHTS_READY', propertyId: property.id });
    expect(within(transcript).getByRole('button', { name: 'Corriger la transcription' })).toBeTruthy();
  });

  it('lists the property’s voice notes on its page with their status', { timeout: 60_000 }, async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin, { title: 'Appartement Garnier', address: '5 rue Paradis', price: undefined });
    const upload = await fetch(`/api/v1/vocals/upload?fileName=visite.m4a&propertyId=${property.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessTokenOf(admin)}`, 'content-type': 'audio/mp4' },
      body: recording,
    });
    expect(upload.status).toBe(201);
    await renderApp(`/biens/${property.id}`, { signedInAs: admin });
    const card = await screen.findByRole('region', { name: 'Notes vocales' });
    expect(await within(card).findByRole('link', { name: /Note du/ })).toBeTruthy();
    await waitFor(() => expect(within(card).getByRole('list', { name: 'Avancement : Analysée' })).toBeTruthy(), PIPELINE);
  });

  it('explains in French when this browser cannot record', async () => {
    const admin = await signUpAgency();
    await renderApp('/vocaux', { signedInAs: admin });
    const user = userEvent.setup();
    // happy-dom has no microphone nor MediaRecorder: the panel says to drop a file instead.
    await user.click(await screen.findByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText(/Ce navigateur ne sait pas enregistrer/)).toBeTruthy();
  });
});
