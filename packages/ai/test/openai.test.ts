import { APIConnectionTimeoutError, InternalServerError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAIProvider,
  MockAIProvider,
  OpenAIProvider,
  type MatchPropertyInput,
  type OpenAIProviderOptions,
  type PropertyMatch,
} from '../src/index.ts';
import { classifyByRules } from '../src/mock/classify.ts';
import { matchByRules } from '../src/mock/match.ts';
import { classifyUserPrompt, matchUserPrompt } from '../src/openai/prompts.ts';
import { MAX_SHORTLIST, shortlistFor } from '../src/openai/shortlist.ts';
import { apiError, completion, startFakeOpenAI } from './fake-openai.ts';
import { AGENCY, P } from './fixtures/agency.ts';
import { pdfWithText } from './fixtures/pdf.ts';

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let ai: OpenAIProvider;
const options = (): OpenAIProviderOptions => ({
  apiKey: 'sk-test-key',
  baseURL: fake.baseURL,
  chatModel: 'gpt-test',
  whisperModel: 'whisper-test',
  timeoutMs: 2_000,
  maxRetries: 2,
});

beforeAll(async () => {
  fake = await startFakeOpenAI();
  ai = new OpenAIProvider(options());
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** Two properties on rue Paradis and no number: no rule can choose, the model is asked. */
const EMAIL: MatchPropertyInput = {
  subject: 'RE: Visite',
  sender: { email: 'visiteur.inconnu@exemple.fr' },
  text: 'Ok pour jeudi 17h pour la visite rue Paradis.\n\nCordialement,\nNadia\n\nLe 4 mars 2026 à 12:00, Vieux-Port Immobilier a écrit :\n> Une visite au 112 rue Paradis vous conviendrait-elle ?',
  candidates: AGENCY,
};

/** A seller quoting the mandate number of their own property: the rules settle it. */
const CLEAR: MatchPropertyInput = {
  subject: 'Mandat MV-2026-014',
  sender: { email: 'jp.fabre@orange.fr', name: 'Jean-Pierre Fabre' },
  text: 'Bonjour, je vous renvoie le mandat MV-2026-014 signé. Bien à vous.',
  candidates: AGENCY,
};

const byId = new Map(AGENCY.map((c) => [c.id, c]));
/** The properties listed to the model, in order, read back from the prompt ("B2 | T2 refait à neuf | 40 rue Paradis…"). */
const listed = (prompt: string) =>
  prompt
    .split('\n')
    .filter((line) => /^B\d+ \| /.test(line))
    .map((line) => line.split(' | ')[2]);
/** The reference the shortlist gives a property: its rank among the rules' candidates. */
const refOf = (input: MatchPropertyInput, id: string) => {
  const rank = shortlistFor(input, matchByRules(input))!.candidates.findIndex((c) => c.id === id);
  if (rank < 0) throw new Error(`${id} is not in the shortlist`);
  return `B${rank + 1}`;
};

const goodMatch = () => ({
  propertyRef: refOf(EMAIL, P.paradis40),
  confidence: 0.91,
  ambiguous: false,
  candidates: [
    { propertyRef: refOf(EMAIL, P.paradis112), confidence: 0.2, evidence: ['Rue Paradis citée dans l’historique'] },
    { propertyRef: refOf(EMAIL, P.paradis40), confidence: 0.91, evidence: ['Visite rue Paradis confirmée par la vendeuse'] },
  ],
  reasoning: 'La visite confirmée est celle du 40 rue Paradis.',
});

describe('OpenAI provider: message → property', () => {
  it('decides a clear case by the rules, without any request', async () => {
    const rules = matchByRules(CLEAR);
    expect(rules.decisive).toBe(true);
    const result = await ai.matchProperty(CLEAR);
    expect(fake.requests).toHaveLength(0);
    expect(result).toMatchObject({ propertyId: P.sainte, ambiguous: false, confidence: rules.confidence, candidates: rules.candidates });
    expect(result.reasoning).toBe(`Décidé par les règles, sans appel au modèle. ${rules.reasoning}`);
    expect(result).not.toHaveProperty('decisive');
  });

  it('shows the model only the rules’ shortlist, in their order, and maps the answer back to ids', async () => {
    const rules = matchByRules(EMAIL);
    expect(rules.decisive).toBe(false);
    fake.reply(completion(goodMatch()));
    const result = await ai.matchProperty(EMAIL);
    expect(result).toEqual({
      propertyId: P.paradis40,
      confidence: 0.91,
      ambiguous: false,
      candidates: [
        { propertyId: P.paradis40, confidence: 0.91, evidence: ['Visite rue Paradis confirmée par la vendeuse'] },
        { propertyId: P.paradis112, confidence: 0.2, evidence: ['Rue Paradis citée dans l’historique'] },
      ],
      reasoning: 'La visite confirmée est celle du 40 rue Paradis.',
    });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe('Bearer sk-test-key');
    expect(request!.body.model).toBe('gpt-test');
    expect(request!.body.temperature).toBe(0);
    const { response_format: format } = request!.body;
    expect(format).toMatchObject({ type: 'json_schema', json_schema: { name: 'rattachement_message_bien', strict: true } });
    expect(format.json_schema.schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['propertyRef', 'confidence', 'ambiguous', 'candidates', 'reasoning'],
    });
    expect(format.json_schema.schema).not.toHaveProperty('$schema');

    const [system, user] = request!.body.messages;
    expect(system).toMatchObject({
      role: 'system',
      content: expect.stringContaining('Tu es l’assistant d’une agence immobilière française'),
    });
    expect(user!.role).toBe('user');
    // Only properties the rules found evidence for, best first: both flats of rue Paradis, not the villa in Cassis.
    const shown = listed(user!.content);
    expect(shown.length).toBeLessThanOrEqual(10);
    expect(shown).toEqual(
      rules.candidates.map(
        (c) => byId.get(c.propertyId)!.address + ', ' + byId.get(c.propertyId)!.postalCode + ' ' + byId.get(c.propertyId)!.city,
      ),
    );
    expect(shown).toEqual(expect.arrayContaining(['40 rue Paradis, 13006 Marseille', '112 rue Paradis, 13006 Marseille']));
    expect(user!.content).not.toContain('Villa avec piscine');
    expect(user!.content).toContain(`sur les ${AGENCY.length} de l’agence, du plus au moins probable`);
    expect(user!.content).toContain(
      `${refOf(EMAIL, P.paradis40)} | T2 refait à neuf | 40 rue Paradis, 13006 Marseille | mandat MV-2026-002 | VENDEUR Nadia Haddad nadia.haddad@yahoo.fr 06 20 30 40 50`,
    );
    // What the rules found is shown under each property, for the model to check.
    expect(user!.content).toContain(`  indices des règles : ${rules.candidates[0]!.evidence.join(' ; ')}`);
    expect(user!.content).toContain('Expéditeur : e-mail visiteur.inconnu@exemple.fr');
    expect(user!.content).toContain('Objet : Visite');
    expect(user!.content).toContain('Ok pour jeudi 17h');
    // Neither the quoted thread nor the signature reaches the model.
    expect(user!.content).not.toContain('Une visite au 112 rue Paradis');
    expect(user!.content).not.toContain('Cordialement');
    // Ids are replaced by short references.
    expect(user!.content).not.toContain(P.paradis40);
  });

  it('refuses a property outside the shortlist, even one of the agency', async () => {
    const outside = `B${shortlistFor(EMAIL, matchByRules(EMAIL))!.candidates.length + 1}`;
    fake.reply(completion({ ...goodMatch(), propertyRef: outside }));
    const result = await ai.matchProperty(EMAIL);
    expect(result).toMatchObject({ propertyId: null, confidence: 0 });
    expect(result.reasoning).toContain(`elle cite un bien inconnu, « ${outside} »`);
  });

  it('never guesses: an ambiguous answer has no property even if the model names one', async () => {
    fake.reply(completion({ ...goodMatch(), ambiguous: true }));
    expect(await ai.matchProperty(EMAIL)).toMatchObject({ propertyId: null, ambiguous: true, confidence: 0.91 });
  });

  it('keeps a null answer as it is', async () => {
    fake.reply(completion({ propertyRef: null, confidence: 0.1, ambiguous: false, candidates: [], reasoning: 'Aucun indice.' }));
    expect(await ai.matchProperty(EMAIL)).toEqual({
      propertyId: null,
      confidence: 0.1,
      ambiguous: false,
      candidates: [],
      reasoning: 'Aucun indice.',
    });
  });

  it.each([
    ['malformed JSON', completion('{"propertyRef": "B2", "confidence": 0.9,'), 'JSON invalide'],
    ['a truncated answer', completion('{"propertyRef": "B2"', { finishReason: 'length' }), 'réponse tronquée'],
    [
      'off-schema JSON',
      completion({ propertyRef: 'B1', confidence: 1.7, ambiguous: false, candidates: [], reasoning: '' }),
      'réponse hors schéma : confidence',
    ],
    ['a missing field', completion({ propertyRef: 'B2', confidence: 0.9 }), 'réponse hors schéma : ambiguous'],
    [
      'an unknown property',
      completion({ propertyRef: 'B99', confidence: 0.9, ambiguous: false, candidates: [], reasoning: '' }),
      'elle cite un bien inconnu, « B99 »',
    ],
    [
      'an unknown candidate',
      completion({
        propertyRef: null,
        confidence: 0.5,
        ambiguous: false,
        candidates: [{ propertyRef: 'B0', confidence: 0.5, evidence: [] }],
        reasoning: '',
      }),
      '« B0 »',
    ],
    ['a refusal', completion(null, { refusal: 'Je ne peux pas répondre.' }), 'le modèle a refusé : Je ne peux pas répondre.'],
    ['an empty answer', completion(''), 'réponse vide'],
    [
      'no choice',
      { status: 200, body: { id: 'x', object: 'chat.completion', created: 1, model: 'gpt-test', choices: [] } },
      'aucune réponse',
    ],
    ['a body that is not JSON', { status: 200, body: '<html>Bad gateway</html>' }, 'autre chose que du JSON'],
  ] as const)('sends %s to review with confidence 0, the rules’ candidates kept for the agent', async (_what, reply, problem) => {
    fake.reply(reply);
    const result = await ai.matchProperty(EMAIL);
    expect(result).toMatchObject({ propertyId: null, confidence: 0, ambiguous: false, candidates: matchByRules(EMAIL).candidates });
    expect(result.reasoning).toContain('Réponse de l’IA inutilisable (');
    expect(result.reasoning).toContain(problem);
    expect(result.reasoning).toContain('à vérifier par un agent');
  });

  it('retries a 429 and succeeds', async () => {
    fake.reply(apiError(429, 'Rate limit reached'), completion(goodMatch()));
    expect((await ai.matchProperty(EMAIL)).propertyId).toBe(P.paradis40);
    expect(fake.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });

  it('throws after the last retry of a 5xx, so the job retries', async () => {
    fake.reply(apiError(500, 'boom'), apiError(502, 'boom'), apiError(503, 'boom'), completion(goodMatch()));
    await expect(ai.matchProperty(EMAIL)).rejects.toBeInstanceOf(Error);
    // maxRetries = 2: three attempts, the fourth reply never asked for.
    expect(fake.requests).toHaveLength(3);
    fake.reset();
    fake.reply(apiError(500, 'boom'), apiError(500, 'boom'), apiError(500, 'boom'));
    await expect(ai.matchProperty(EMAIL)).rejects.toBeInstanceOf(InternalServerError);
  });

  it('times out a hung server, retries, then throws', async () => {
    const impatient = new OpenAIProvider({ ...options(), timeoutMs: 150, maxRetries: 1 });
    fake.reply('hang', 'hang');
    await expect(impatient.matchProperty(EMAIL)).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(fake.requests).toHaveLength(2);
  });

  it('shows a small agency whole when the rules found nothing, and says so', async () => {
    fake.reply(completion({ propertyRef: null, confidence: 0, ambiguous: false, candidates: [], reasoning: 'Aucun indice.' }));
    await ai.matchProperty({ text: '', candidates: [{ ...AGENCY[0]!, participants: [] }, AGENCY[1]!] });
    const user = fake.requests[0]!.body.messages[1]!.content;
    expect(user).toContain('Les règles n’ont relevé aucun indice : voici tous les biens de l’agence (2).');
    expect(user).toContain('B1 | T3 lumineux proche Vieux-Port | 14 rue Sainte, 13001 Marseille | mandat MV-2026-014 | aucun participant');
    expect(listed(user)).toHaveLength(2);
    expect(user).not.toContain('indices des règles');
    expect(user).toContain('Expéditeur : inconnu');
    expect(user).not.toContain('Objet :');
    expect(user).toContain('"""\n(vide)\n"""');
  });

  it('does not call the model when the rules found nothing in a larger agency: ten of its properties would be a guess', async () => {
    expect(AGENCY.length).toBeGreaterThan(MAX_SHORTLIST);
    const result = await ai.matchProperty({
      sender: { email: 'inconnu@exemple.fr' },
      text: 'Bonjour, des nouvelles ?',
      candidates: AGENCY,
    });
    expect(fake.requests).toHaveLength(0);
    expect(result).toMatchObject({ propertyId: null, ambiguous: false });
    expect(result.confidence).toBeLessThan(0.6);
    expect(result.reasoning).toContain('le modèle n’a pas été consulté');
  });

  it('does not call the model when the agency has no property', async () => {
    expect(await ai.matchProperty({ ...EMAIL, candidates: [] })).toMatchObject({ propertyId: null, confidence: 0 });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('the fake server, for runs that count requests', () => {
  it('answers every request alike when told to, and keeps each one', async () => {
    const counting = await startFakeOpenAI({
      otherwise: () => completion({ propertyRef: null, confidence: 0, ambiguous: false, candidates: [], reasoning: 'Aucun indice.' }),
    });
    try {
      const provider = new OpenAIProvider({ ...options(), baseURL: counting.baseURL });
      await provider.matchProperty(CLEAR);
      await provider.matchProperty(EMAIL);
      await provider.matchProperty({ ...EMAIL, text: 'Des nouvelles de la rue Paradis ?' });
      // The clear case never reached the model.
      expect(counting.requests.filter((r) => r.url === '/v1/chat/completions')).toHaveLength(2);
    } finally {
      await counting.close();
    }
  });
});

describe('the shortlist', () => {
  const many = Array.from({ length: 14 }, (_v, i) => ({ ...AGENCY[i % AGENCY.length]!, id: `p${i}` }));
  const rulesSaying = (propertyId: string | null, ids: string[]): PropertyMatch => ({
    propertyId,
    confidence: 0.5,
    ambiguous: false,
    candidates: ids.map((id, i) => ({ propertyId: id, confidence: 0.5 - i / 100, evidence: [`indice ${id}`] })),
    reasoning: '',
  });

  it('keeps the rules’ order, at most ten, never a property the caller did not offer', () => {
    const ids = ['p3', 'p1', 'p12', 'p0', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11', 'p2', 'ailleurs'];
    const shortlist = shortlistFor({ text: '', candidates: many }, rulesSaying('p3', ids))!;
    expect(shortlist.candidates.map((c) => c.id)).toEqual(ids.slice(0, MAX_SHORTLIST));
    expect(shortlist.blind).toBe(false);
    expect(shortlist.evidence.get('p12')).toEqual(['indice p12']);
  });

  it('puts the rules’ proposal first, and adds the property a person attached the sender’s last message to', () => {
    const senderHistory = { propertyId: 'p9', messageReceivedAt: '2025-12-03T09:30:00.000Z', decidedBy: 'Claire' };
    const shortlist = shortlistFor({ text: '', candidates: many, senderHistory }, rulesSaying('p4', ['p2', 'p4']))!;
    expect(shortlist.candidates.map((c) => c.id)).toEqual(['p4', 'p2', 'p9']);
  });

  it('tells the model what a person decided about the sender, in French', () => {
    const senderHistory = { propertyId: 'p9', messageReceivedAt: '2025-12-03T09:30:00.000Z', decidedBy: 'Claire' };
    const input = { text: 'Des nouvelles ?', candidates: many, senderHistory };
    const shortlist = shortlistFor(input, rulesSaying(null, ['p2']))!;
    const prompt = matchUserPrompt(input, shortlist, ['B1', 'B2']);
    expect(prompt).toContain('Décision passée : Claire a rattaché à B2 le message de cet expéditeur reçu le 3 déc. 2025.');
  });

  it('tells the model when the sender’s last message was attached automatically', () => {
    const senderHistory = { propertyId: 'p9', messageReceivedAt: '2025-12-03T09:30:00.000Z', decidedBy: null };
    const input = { text: 'Des nouvelles ?', candidates: many, senderHistory };
    const prompt = matchUserPrompt(input, shortlistFor(input, rulesSaying(null, ['p2']))!, ['B1', 'B2']);
    expect(prompt).toContain('Décision passée : le message de cet expéditeur reçu le 3 déc. 2025 a été rattaché à B2 automatiquement');
  });

  it('shows the price and the facts a description can match', () => {
    const flat = { ...AGENCY[0]!, price: 289_000, details: { rooms: 3, features: ['terrasse', 'cave'], floor: null, notes: '' } };
    const input = { text: 'Le T3 avec la terrasse', candidates: [flat] };
    const prompt = matchUserPrompt(input, { candidates: [flat], evidence: new Map(), blind: true }, ['B1']);
    expect(prompt).toContain('| prix 289\u202f000\u00a0€ | détails : rooms = 3, features = terrasse, cave');
  });
});

/** A DPE whose title opens the page: the rules settle it. Invented. */
const TITLED_DPE = [
  'DIAGNOSTIC DE PERFORMANCE ÉNERGÉTIQUE (logement)',
  'N° ADEME : 2613E0123456X',
  'Établi le 12 février 2026, valable jusqu’au 11 février 2036',
  'Adresse : 8 impasse des Mimosas, 13009 Marseille',
  'Type de bien : appartement, 3 pièces, 64 m²',
  'Propriétaire : Mme Lucie Arnaud',
  'Classe énergie : D (212 kWh/m²/an) ; classe climat : D (48 kg CO2/m²/an)',
  'Estimation des coûts annuels d’énergie du logement : entre 1 150 € et 1 590 €',
  'Diagnostiqueur : Thomas Girard, certification n° 4521',
].join('\n');

/** A diagnostician's letter giving a DPE's figures without being one: the rules only hint. Invented. */
const DPE_LETTER = [
  'Bonjour Madame Arnaud,',
  'Suite à notre passage du 12 février au 8 impasse des Mimosas, voici les résultats : classe énergie D, 212 kWh/m²/an, classe climat D, émissions de 48 kg CO2/m²/an. Les consommations estimées du logement sont comprises entre 1 150 € et 1 590 € par an. Le rapport complet suivra.',
  'Thomas Girard',
].join('\n');

describe('OpenAI provider: document classification', () => {
  const answer = {
    typeDocument: 'DPE',
    confidence: 0.93,
    candidates: [
      { typeDocument: 'GAZ', confidence: 0.1 },
      { typeDocument: 'DPE', confidence: 0.93 },
    ],
    reasoning: 'Titre explicite.',
  };

  it('sends the text of a PDF the rules leave open (a title, but very little text) and validates the type', async () => {
    fake.reply(completion(answer));
    const content = await pdfWithText('Diagnostic de performance énergétique\nClasse énergie : D');
    expect((await classifyByRules({ fileName: 'scan.pdf', mimeType: 'application/pdf', content })).decisive).toBe(false);
    const result = await ai.classifyDocument({ fileName: 'scan.pdf', mimeType: 'application/pdf', content });
    expect(result).toEqual({
      typeDocument: 'DPE',
      confidence: 0.93,
      candidates: [
        { typeDocument: 'DPE', confidence: 0.93 },
        { typeDocument: 'GAZ', confidence: 0.1 },
      ],
      reasoning: 'Titre explicite.',
    });
    const [request] = fake.requests;
    expect(request!.body.response_format.json_schema).toMatchObject({ name: 'classification_document', strict: true });
    expect(request!.body.messages[0]!.content).toContain('DPE : diagnostic de performance énergétique (DPE)');
    expect(request!.body.messages[1]!.content).toContain('Nom du fichier : scan.pdf');
    expect(request!.body.messages[1]!.content).toContain('Diagnostic de performance énergétique');
    expect(request!.body.messages[1]!.content).toContain('Les règles proposent : DPE (');
  });

  it('sends only the name of an image, whatever the rules make of it', async () => {
    fake.reply(completion({ ...answer, typeDocument: 'PHOTOS_HD', candidates: [] }));
    expect(
      (await ai.classifyDocument({ fileName: 'facade.jpg', mimeType: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff]) }))
        .typeDocument,
    ).toBe('PHOTOS_HD');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.messages[1]!.content).toContain('Nom du fichier : facade.jpg');
    expect(fake.requests[0]!.body.messages[1]!.content).toContain('Aucun texte lisible dans le fichier');
  });

  it('decides a titled paper by the rules, without any request', async () => {
    const input = { fileName: 'document.pdf', mimeType: 'application/pdf', content: await pdfWithText(TITLED_DPE) };
    const rules = await classifyByRules(input);
    expect(rules).toMatchObject({ typeDocument: 'DPE', decisive: true });
    const result = await ai.classifyDocument(input);
    expect(fake.requests).toHaveLength(0);
    expect(result).toEqual({
      typeDocument: 'DPE',
      confidence: rules.confidence,
      candidates: rules.candidates,
      reasoning: `Décidé par les règles, sans appel au modèle. ${rules.reasoning}`,
    });
  });

  it('asks the model about an untitled paper, with what the rules saw as hints', async () => {
    const input = { fileName: 'document.pdf', mimeType: 'application/pdf', content: await pdfWithText(DPE_LETTER) };
    const rules = await classifyByRules(input);
    expect(rules).toMatchObject({ typeDocument: 'DPE', decisive: false });
    fake.reply(completion({ ...answer, typeDocument: null, confidence: 0.3, candidates: [{ typeDocument: 'DPE', confidence: 0.3 }] }));
    const result = await ai.classifyDocument(input);
    expect(result).toMatchObject({ typeDocument: null, confidence: 0.3, reasoning: 'Titre explicite.' });
    expect(fake.requests).toHaveLength(1);
    const prompt = fake.requests[0]!.body.messages[1]!.content as string;
    expect(prompt).toContain(
      `Les règles proposent : DPE (diagnostic de performance énergétique (DPE)) 0,50 ; leur raisonnement : « ${rules.reasoning} » ; à confirmer ou corriger`,
    );
    expect(prompt).toContain('Suite à notre passage du 12 février');
    expect(fake.requests[0]!.body.messages[0]!.content).toContain('ce sont des indices à vérifier dans le document, pas une réponse');
  });

  it('gives the model no hint when the rules saw nothing', () => {
    const input = { fileName: 'document.pdf', mimeType: 'application/pdf', content: Buffer.alloc(0) };
    const nothing = { typeDocument: null, confidence: 0, candidates: [], reasoning: 'Rien.' };
    expect(classifyUserPrompt(input, 'Texte sans indice.', nothing)).not.toContain('Les règles');
    expect(classifyUserPrompt(input, 'Texte sans indice.')).not.toContain('Les règles');
  });

  it('sends an unknown type to review with confidence 0', async () => {
    fake.reply(completion({ ...answer, typeDocument: 'FACTURE' }));
    const result = await ai.classifyDocument({ fileName: 'facture.txt', mimeType: 'text/plain', content: Buffer.from('Facture n° 12') });
    expect(result).toMatchObject({ typeDocument: null, confidence: 0, candidates: [] });
    expect(result.reasoning).toMatch(
      /^Réponse de l’IA inutilisable \(réponse hors schéma : typeDocument, .+\) : type de document à vérifier par un agent\.$/,
    );
  });
});

describe('createAIProvider', () => {
  const config = {
    AI_PROVIDER: 'mock',
    OPENAI_BASE_URL: 'https://api.openai.com/v1',
    OPENAI_CHAT_MODEL: 'gpt-4o-mini',
    OPENAI_WHISPER_MODEL: 'whisper-1',
    OPENAI_TIMEOUT_MS: 60_000,
    OPENAI_MAX_RETRIES: 3,
  } as const;

  it('chooses by AI_PROVIDER, the mock by default', () => {
    expect(createAIProvider(config)).toBeInstanceOf(MockAIProvider);
    const openai = createAIProvider({ ...config, AI_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-x' });
    expect(openai).toBeInstanceOf(OpenAIProvider);
    expect(openai.name).toBe('openai');
  });

  it('refuses openai without a key', () => {
    expect(() => createAIProvider({ ...config, AI_PROVIDER: 'openai' })).toThrow('OPENAI_API_KEY is required when AI_PROVIDER=openai');
  });
});
