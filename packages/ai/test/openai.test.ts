import { APIConnectionTimeoutError, InternalServerError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAIProvider, MockAIProvider, OpenAIProvider, type OpenAIProviderOptions } from '../src/index.ts';
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

const EMAIL = {
  subject: 'RE: Visite',
  sender: { email: 'nadia.haddad@yahoo.fr', name: 'Nadia Haddad' },
  text: 'Ok pour jeudi 17h.\n\nCordialement,\nNadia Haddad\n\nLe 4 mars 2026 à 12:00, Vieux-Port Immobilier a écrit :\n> Une visite au 112 rue Paradis vous conviendrait-elle ?',
  candidates: AGENCY,
};

const goodMatch = {
  propertyRef: 'B2',
  confidence: 0.91,
  ambiguous: false,
  candidates: [
    { propertyRef: 'B3', confidence: 0.2, evidence: ['Rue Paradis citée dans l’historique'] },
    { propertyRef: 'B2', confidence: 0.91, evidence: ["L'expéditrice est la vendeuse du bien"] },
  ],
  reasoning: "L'expéditrice est la vendeuse du 40 rue Paradis.",
};

describe('OpenAI provider: message → property', () => {
  it('sends a compact French prompt with a strict JSON schema, and maps the answer back to ids', async () => {
    fake.reply(completion(goodMatch));
    const result = await ai.matchProperty(EMAIL);
    expect(result).toEqual({
      propertyId: P.paradis40,
      confidence: 0.91,
      ambiguous: false,
      candidates: [
        { propertyId: P.paradis40, confidence: 0.91, evidence: ["L'expéditrice est la vendeuse du bien"] },
        { propertyId: P.paradis112, confidence: 0.2, evidence: ['Rue Paradis citée dans l’historique'] },
      ],
      reasoning: "L'expéditrice est la vendeuse du 40 rue Paradis.",
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
      content: expect.stringContaining("Tu es l'assistant d'une agence immobilière française"),
    });
    expect(user!.role).toBe('user');
    expect(user!.content).toContain(
      'B2 | T2 refait à neuf | 40 rue Paradis, 13006 Marseille | mandat MV-2026-002 | VENDEUR Nadia Haddad nadia.haddad@yahoo.fr 06 20 30 40 50',
    );
    expect(user!.content).toContain(
      'B11 | Terrain constructible | Chemin des Vignes, 13122 Ventabren | sans mandat | VENDEUR Gérard Aubert 04 42 28 70 15',
    );
    expect(user!.content).toContain('Expéditeur : nom Nadia Haddad, e-mail nadia.haddad@yahoo.fr');
    expect(user!.content).toContain('Objet : Visite');
    expect(user!.content).toContain('Ok pour jeudi 17h.');
    // Neither the quoted thread nor the signature reaches the model.
    expect(user!.content).not.toContain('Une visite au 112 rue Paradis');
    expect(user!.content).not.toContain('Cordialement');
    // Ids are replaced by short references.
    expect(user!.content).not.toContain(P.paradis40);
  });

  it('never guesses: an ambiguous answer has no property even if the model names one', async () => {
    fake.reply(completion({ ...goodMatch, ambiguous: true }));
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
    ['off-schema JSON', completion({ ...goodMatch, confidence: 1.7 }), 'réponse hors schéma : confidence'],
    ['a missing field', completion({ propertyRef: 'B2', confidence: 0.9 }), 'réponse hors schéma : ambiguous'],
    ['an unknown property', completion({ ...goodMatch, propertyRef: 'B99' }), 'elle cite un bien inconnu, « B99 »'],
    ['an unknown candidate', completion({ ...goodMatch, candidates: [{ propertyRef: 'B0', confidence: 0.5, evidence: [] }] }), '« B0 »'],
    ['a refusal', completion(null, { refusal: 'Je ne peux pas répondre.' }), 'le modèle a refusé : Je ne peux pas répondre.'],
    ['an empty answer', completion(''), 'réponse vide'],
    [
      'no choice',
      { status: 200, body: { id: 'x', object: 'chat.completion', created: 1, model: 'gpt-test', choices: [] } },
      'aucune réponse',
    ],
    ['a body that is not JSON', { status: 200, body: '<html>Bad gateway</html>' }, 'autre chose que du JSON'],
  ] as const)('sends %s to review with confidence 0 instead of throwing', async (_what, reply, problem) => {
    fake.reply(reply);
    const result = await ai.matchProperty(EMAIL);
    expect(result).toMatchObject({ propertyId: null, confidence: 0, ambiguous: false, candidates: [] });
    expect(result.reasoning).toContain("Réponse de l'IA inutilisable (");
    expect(result.reasoning).toContain(problem);
    expect(result.reasoning).toContain('à vérifier par un agent');
  });

  it('retries a 429 and succeeds', async () => {
    fake.reply(apiError(429, 'Rate limit reached'), completion(goodMatch));
    expect((await ai.matchProperty(EMAIL)).propertyId).toBe(P.paradis40);
    expect(fake.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });

  it('throws after the last retry of a 5xx, so the job retries', async () => {
    fake.reply(apiError(500, 'boom'), apiError(502, 'boom'), apiError(503, 'boom'), completion(goodMatch));
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

  it('says when the sender is unknown and a property has no participant', async () => {
    fake.reply(completion({ propertyRef: null, confidence: 0, ambiguous: false, candidates: [], reasoning: 'Aucun indice.' }));
    await ai.matchProperty({ text: '', candidates: [{ ...AGENCY[0]!, participants: [] }] });
    const user = fake.requests[0]!.body.messages[1]!.content;
    expect(user).toContain('B1 | T3 lumineux proche Vieux-Port | 14 rue Sainte, 13001 Marseille | mandat MV-2026-014 | aucun participant');
    expect(user).toContain('Expéditeur : inconnu');
    expect(user).not.toContain('Objet :');
    expect(user).toContain('"""\n(vide)\n"""');
  });

  it('does not call the model when the agency has no property', async () => {
    expect(await ai.matchProperty({ ...EMAIL, candidates: [] })).toMatchObject({ propertyId: null, confidence: 0 });
    expect(fake.requests).toHaveLength(0);
  });
});

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

  it('sends the text of a PDF and validates the type', async () => {
    fake.reply(completion(answer));
    const content = await pdfWithText('Diagnostic de performance énergétique\nClasse énergie : D');
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
  });

  it('sends only the name of an image', async () => {
    fake.reply(completion({ ...answer, typeDocument: 'PHOTOS_HD', candidates: [] }));
    expect(
      (await ai.classifyDocument({ fileName: 'facade.jpg', mimeType: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff]) }))
        .typeDocument,
    ).toBe('PHOTOS_HD');
    expect(fake.requests[0]!.body.messages[1]!.content).toContain('Aucun texte lisible dans le fichier');
  });

  it('sends an unknown type to review with confidence 0', async () => {
    fake.reply(completion({ ...answer, typeDocument: 'FACTURE' }));
    const result = await ai.classifyDocument({ fileName: 'facture.txt', mimeType: 'text/plain', content: Buffer.from('Facture n° 12') });
    expect(result).toMatchObject({ typeDocument: null, confidence: 0, candidates: [] });
    expect(result.reasoning).toMatch(
      /^Réponse de l'IA inutilisable \(réponse hors schéma : typeDocument, .+\) : type de document à vérifier par un agent\.$/,
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
