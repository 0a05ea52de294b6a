import type { EventSpec } from '../fake/calendar.ts';
import { parisTime } from '../fake/calendar.ts';
import type { EmailSpec } from '../fake/compose.ts';
import type { InboundSpec } from '../fake/whatsapp.ts';
import { facadePng, minimalPdf } from './files.ts';
import { voiceNoteOgg } from './voice-note.ts';

/**
 * Sample data of the demo agency (Vieux-Port Immobilier, Marseille: the people and mandates of the
 * demo seed, so imported items find their property). The conversations are new ones, never copies
 * of the seeded inbox. Messages are dated in the past relative to `now`; appointments around it.
 */
export const AGENCY_MAILBOX = { name: 'Sophie Marchand', address: 'direction@vieuxport-immobilier.fr' };

const DAY = 86_400_000;
const day = (now: Date, offset: number) => new Date(now.getTime() + offset * DAY);
const at = (now: Date, offset: number, hours: number, minutes = 0) => parisTime(day(now, offset), hours, minutes);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const pdf = (fileName: string, lines: string[]) => ({ fileName, mimeType: 'application/pdf', content: minimalPdf(lines) });
const frenchDate = (date: Date) =>
  date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** Seven e-mails, oldest first: owners, buyers and the notary, attachments included. */
export function sampleEmails(now: Date): EmailSpec[] {
  const to = [AGENCY_MAILBOX];
  return [
    {
      from: { name: 'Jean-Pierre Fabre', address: 'jp.fabre@orange.fr' },
      to,
      subject: "DPE de l'appartement du 14 rue Sainte",
      date: at(now, -6, 9, 12),
      encoding: 'quoted-printable',
      text: "Bonjour Madame Marchand,\r\n\r\nComme convenu, voici le diagnostic de performance énergétique de l'appartement du 14 rue Sainte (mandat MV-2026-014). Le diagnostiqueur l'a classé en D : 215 kWh/m².an.\r\n\r\nBien cordialement,\r\nJean-Pierre Fabre\r\n06 11 22 33 44\r\n",
      attachments: [
        pdf('DPE - 14 rue Sainte.pdf', [
          'Diagnostic de performance énergétique (DPE)',
          'Logement : appartement T3, 14 rue Sainte, 13001 Marseille',
          'Surface habitable : 68 m²',
          'Classe énergie : D - 215 kWh/m².an',
          'Classe climat : D - 47 kg CO2/m².an',
          'Propriétaire : M. Jean-Pierre Fabre',
          'Diagnostiqueur : Provence Diagnostics, certification n° 2024-DPE-1187',
          `Établi le ${frenchDate(day(now, -8))}, valable 10 ans`,
        ]),
      ],
    },
    {
      from: { name: 'Élise Château', address: 'elise.chateau@free.fr' },
      to,
      subject: 'Mandat de vente signé – maison du boulevard Longchamp',
      date: at(now, -5, 18, 47),
      encoding: 'base64',
      text: 'Bonjour,\r\n\r\nVous trouverez ci-joint le mandat de vente signé pour notre maison du 3 boulevard Longchamp. Mon mari passera déposer les clés à l’agence jeudi.\r\n\r\nÉlise Château\r\n',
      html: '<p>Bonjour,</p><p>Vous trouverez ci-joint le mandat de vente signé pour notre maison du 3 boulevard Longchamp. Mon mari passera déposer les clés à l’agence jeudi.</p><p>Élise Château</p>',
      attachments: [
        pdf('Mandat de vente MV-2026-021 signé.pdf', [
          'Mandat de vente exclusif n° MV-2026-021',
          'Mandant : Mme Élise Château, 3 boulevard Longchamp, 13001 Marseille',
          'Mandataire : Vieux-Port Immobilier, carte professionnelle CPI 1310 2024 000 045 612',
          'Bien : maison de ville de 112 m², 5 pièces, jardin de 140 m²',
          'Prix de vente : 495 000 € honoraires inclus à la charge du vendeur',
          'Durée : trois mois, puis reconduction tacite',
          `Fait à Marseille le ${frenchDate(day(now, -5))} - signé électroniquement par les parties`,
        ]),
      ],
    },
    {
      from: { name: 'Maître Hélène Castellane', address: 'h.castellane@notaires-marseille.fr' },
      to,
      cc: [{ name: 'Claire Daumas', address: 'claire.daumas@wanadoo.fr' }],
      subject: 'Villa de Cassis : projet de compromis et pièces annexes',
      date: at(now, -4, 11, 30),
      encoding: 'quoted-printable',
      text: "Chère Madame,\r\n\r\nJe vous prie de trouver ci-joint le projet de compromis de vente de la villa du 9 avenue de l'Amiral Ganteaume à Cassis (vendeur : Mme Daumas, acquéreur : Mme Girard), ses annexes et le décompte prévisionnel des frais.\r\n\r\nMerci de me retourner vos observations avant vendredi.\r\n\r\nMe Hélène Castellane\r\nNotaire, 25 cours Pierre Puget, 13006 Marseille\r\n",
      html: "<p>Chère Madame,</p><p>Je vous prie de trouver ci-joint le projet de compromis de vente de la villa du 9 avenue de l'Amiral Ganteaume à Cassis (vendeur&nbsp;: Mme Daumas, acquéreur&nbsp;: Mme Girard), ses annexes et le décompte prévisionnel des frais.</p><p>Merci de me retourner vos observations avant vendredi.</p><p>Me Hélène Castellane<br>Notaire, 25 cours Pierre Puget, 13006 Marseille</p>",
      attachments: [
        pdf('Projet de compromis - villa Cassis.pdf', [
          'Projet de compromis de vente',
          "Bien : villa, 9 avenue de l'Amiral Ganteaume, 13260 Cassis (mandat MV-2026-007)",
          'Vendeur : Mme Claire Daumas - Acquéreur : Mme Nathalie Girard',
          'Prix : 1 250 000 €, dont 35 000 € de mobilier',
          "Condition suspensive d'obtention de prêt : 45 jours",
          'Dépôt de garantie : 62 500 € versés en la comptabilité du notaire',
        ]),
        pdf('Annexes au compromis (ERP, diagnostics).pdf', [
          'Annexes au compromis - villa Cassis',
          'État des risques et pollutions (ERP) : zone de sismicité 2, aléa feux de forêt',
          'Diagnostic électricité : aucune anomalie',
          'Assainissement : raccordé au tout-à-l’égout, contrôle conforme',
        ]),
        pdf('Décompte prévisionnel des frais.pdf', [
          'Décompte prévisionnel des frais d’acquisition',
          'Droits de mutation : 72 520 €',
          'Émoluments du notaire : 11 340 €',
          'Débours et formalités : 1 200 €',
          'Total prévisionnel : 85 060 €',
        ]),
      ],
    },
    {
      from: { name: 'Nathalie Girard', address: 'nathalie.girard@gmail.com' },
      to,
      subject: 'Seconde visite du T3 rue Sainte : samedi à 10 h ?',
      date: at(now, -3, 20, 5),
      // An older mail client: Latin-1 body and headers (no € in Latin-1, hence « euros »).
      charset: 'iso-8859-1',
      encoding: 'quoted-printable',
      text: "Bonjour Madame Marchand,\r\n\r\nSuite à notre première visite, mon conjoint et moi aimerions revoir l'appartement du 14 rue Sainte. Serait-il possible samedi à 10 h ? Nous voudrions vérifier l'état des fenêtres et l'exposition du séjour.\r\n\r\nNotre banque nous a donné un accord de principe pour 300 000 euros.\r\n\r\nBien à vous,\r\nNathalie Girard\r\n",
    },
    {
      from: { name: 'Thomas Lenoir', address: 'thomas.lenoir@gmail.com' },
      to,
      subject: "Offre d'achat – studio rue Bernard du Bois",
      date: at(now, -2, 13, 42),
      encoding: 'base64',
      text: "Bonjour,\r\n\r\nSuite à ma visite de mardi, je vous transmets mon offre d'achat signée pour le studio du 27 rue Bernard du Bois : 92 000 €, sans condition de prêt.\r\n\r\nCordialement,\r\nThomas Lenoir\r\n",
      attachments: [
        pdf("Offre d'achat signée - studio.pdf", [
          "Offre d'achat",
          'Bien : studio, 27 rue Bernard du Bois, 13001 Marseille (mandat MV-2026-030)',
          'Acquéreur : M. Thomas Lenoir',
          'Prix proposé : 92 000 € net vendeur, financement comptant',
          'Offre valable dix jours',
        ]),
      ],
    },
    {
      from: { name: 'Mathieu Ollivier', address: 'mathieu.ollivier@laposte.net' },
      to,
      subject: 'Disponibilités pour les visites du studio',
      date: at(now, -1, 8, 20),
      encoding: 'quoted-printable',
      html: "<p>Bonjour,</p><p>Je serai absent du 2 au 9 décembre&nbsp;; la gardienne, Mme Nguyen, pourra ouvrir le studio pour les visites. Le code de l'immeuble est le 4821B.</p><p>Cordialement,<br>Mathieu Ollivier</p>",
    },
    {
      from: { name: 'Bernard Roux', address: 'bernard.roux49@orange.fr' },
      to,
      subject: 'Travaux de toiture terminés – maison avenue Jean Jaurès',
      date: new Date(now.getTime() - 5 * 3_600_000),
      encoding: 'quoted-printable',
      text: 'Bonjour,\r\n\r\nLes travaux de toiture de notre maison du 8 avenue Jean Jaurès à Angers sont terminés, et le diagnostic amiante a été refait. Comme évoqué lors de votre passage, nous acceptons de baisser le prix à 295 000 €.\r\n\r\nBien à vous,\r\nBernard Roux\r\n',
    },
  ];
}

/** Six WhatsApp messages, oldest first: texts, a photo, a voice note and a PDF. */
export function sampleWhatsAppMessages(now: Date): InboundSpec[] {
  return [
    {
      phone: '33698765432',
      name: 'Karim Benali',
      at: at(now, -2, 18, 40),
      text: "Bonjour, pour l'appartement de la rue Sainte, pourriez-vous m'envoyer le montant des charges de copropriété et de la taxe foncière ? C'est pour calculer la rentabilité locative.",
    },
    {
      phone: '33680442109',
      name: 'Claire Daumas',
      at: at(now, -1, 11, 15),
      media: {
        type: 'image',
        content: facadePng(),
        mimeType: 'image/png',
        caption: "La terrasse de la villa après les travaux, pour l'annonce.",
      },
    },
    {
      phone: '33621436587',
      name: 'Julien Roussel',
      at: at(now, -1, 17, 5),
      media: { type: 'audio', content: voiceNoteOgg(), mimeType: 'audio/ogg; codecs=opus', voice: true },
    },
    {
      phone: '33647128530',
      name: 'Mathieu Ollivier',
      at: at(now, -1, 19, 50),
      media: {
        type: 'document',
        content: minimalPdf([
          'Avis de taxe foncière 2026',
          'Propriétaire : M. Mathieu Ollivier',
          'Bien : 27 rue Bernard du Bois, 13001 Marseille, lot n° 14',
          'Montant à payer : 612 €',
        ]),
        mimeType: 'application/pdf',
        fileName: 'Taxe foncière 2026 - studio.pdf',
        caption: 'Voici la taxe foncière demandée pour le studio.',
      },
    },
    {
      phone: '33611223344',
      name: 'Jean-Pierre Fabre',
      at: new Date(now.getTime() - 6 * 3_600_000),
      text: "Le syndic m'a enfin transmis les trois derniers procès-verbaux d'assemblée générale de la copropriété du 14 rue Sainte. Je les dépose à l'agence demain matin.",
    },
    {
      phone: '33755667788',
      name: 'Nathalie Girard',
      at: new Date(now.getTime() - 2 * 3_600_000),
      text: 'Bonjour, nous confirmons la visite de samedi 10 h au 14 rue Sainte. À samedi !',
    },
  ];
}

/** Seven appointments around `now`: visits, an estimation, a notary signing, an all-day fair. */
export function sampleEvents(now: Date): EventSpec[] {
  return [
    {
      summary: 'Visite de suivi – maison Roux, Angers',
      location: '8 avenue Jean Jaurès, 49000 Angers',
      description: 'Point sur les travaux de toiture et le nouveau prix avec M. Roux.',
      start: at(now, -2, 16),
      end: at(now, -2, 17),
      attendees: [{ email: 'bernard.roux49@orange.fr', name: 'Bernard Roux', responseStatus: 'accepted' }],
    },
    {
      summary: 'Visite – T3 14 rue Sainte (Mme Girard)',
      location: '14 rue Sainte, 13001 Marseille',
      description: 'Seconde visite : vérifier les fenêtres et l’exposition du séjour. Mandat MV-2026-014.',
      start: at(now, 1, 10),
      end: at(now, 1, 10, 45),
      attendees: [
        { email: 'nathalie.girard@gmail.com', name: 'Nathalie Girard', responseStatus: 'accepted' },
        { email: 'jp.fabre@orange.fr', name: 'Jean-Pierre Fabre' },
      ],
    },
    {
      summary: 'Estimation – appartement 42 rue Paradis',
      location: '42 rue Paradis, 13006 Marseille',
      description: 'Estimation demandée par Mme Lucie Marchetti (succession). Apporter les références de ventes du quartier.',
      start: at(now, 2, 14),
      end: at(now, 2, 15, 30),
      attendees: [{ email: 'lucie.marchetti@gmail.com', name: 'Lucie Marchetti' }],
    },
    {
      summary: 'Contre-visite studio rue Bernard du Bois (M. Lenoir)',
      location: '27 rue Bernard du Bois, 13001 Marseille',
      status: 'tentative',
      start: at(now, 3, 18),
      end: at(now, 3, 18, 30),
      attendees: [{ email: 'thomas.lenoir@gmail.com', name: 'Thomas Lenoir', responseStatus: 'tentative' }],
    },
    {
      summary: 'Visite – maison boulevard Longchamp (M. et Mme Hoarau)',
      location: '3 boulevard Longchamp, 13001 Marseille',
      start: at(now, 4, 9, 30),
      end: at(now, 4, 10, 30),
      attendees: [{ email: 'famille.hoarau@gmail.com', name: 'Sandrine Hoarau' }],
    },
    {
      summary: "Salon de l'immobilier de Marseille – parc Chanot",
      location: 'Parc Chanot, 114 rond-point du Président Kennedy, 13008 Marseille',
      start: isoDate(day(now, 5)),
      end: isoDate(day(now, 6)),
    },
    {
      summary: 'Signature de l’acte authentique – villa Cassis',
      location: 'Étude de Maître Castellane, 25 cours Pierre Puget, 13006 Marseille',
      description: 'Vente Daumas / Girard, mandat MV-2026-007. Apporter les clés et le dossier de diagnostics.',
      start: at(now, 9, 11),
      end: at(now, 9, 12),
      attendees: [
        { email: 'h.castellane@notaires-marseille.fr', name: 'Maître Hélène Castellane', responseStatus: 'accepted' },
        { email: 'claire.daumas@wanadoo.fr', name: 'Claire Daumas', responseStatus: 'accepted' },
        { email: 'nathalie.girard@gmail.com', name: 'Nathalie Girard', responseStatus: 'accepted' },
      ],
    },
  ];
}
