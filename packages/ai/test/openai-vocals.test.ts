import { readFileSync } from 'node:fs';
import { initialVisitFieldsSchema, vocalInsightsSchema } from '@monimmo/contract/vocabulary';
import { InternalServerError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AudioTooLargeError,
  createAIProvider,
  MAX_AUDIO_BYTES,
  OpenAIProvider,
  TRANSCRIPT_FLOOR,
  type VocalPropertyContext,
} from '../src/index.ts';
import { apiError, completion, startFakeOpenAI, transcription } from './fake-openai.ts';
import { fixtureTranscript } from './fixtures/transcripts.ts';

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let ai: OpenAIProvider;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  ai = new OpenAIProvider({
    apiKey: 'sk-test-key',
    baseURL: fake.baseURL,
    chatModel: 'gpt-test',
    whisperModel: 'whisper-test',
    timeoutMs: 5_000,
    maxRetries: 2,
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const m4a = readFileSync(new URL('./fixtures/vocals/visite-initiale.m4a', import.meta.url));
const AUDIO = { audio: m4a, fileName: 'visite-initiale.m4a', mimeType: 'audio/mp4' };

const PROPERTY: VocalPropertyContext = {
  title: 'T3 lumineux',
  address: '12 rue des Lices',
  postalCode: '49100',
  city: 'Angers',
  price: 320_000,
  details: { rooms: 3, surface: 75, cave: null, elevator: true, note: 'vue dégagée' },
};

describe('OpenAI provider: transcription', () => {
  it('uploads the recording to the Whisper model in French and reads the verbose answer', async () => {
    fake.reply(
      transcription({
        text: '  Premier rendez-vous chez Madame Garnier.  ',
        duration: 21.4,
        segments: [
          { start: 0, end: 4, avg_logprob: -0.1, no_speech_prob: 0.01 },
          { start: 4, end: 10, avg_logprob: -0.3, no_speech_prob: 0.02 },
        ],
      }),
    );
    const result = await ai.transcribeAudio(AUDIO);
    // exp(-0.1) × 0.4 + exp(-0.3) × 0.6 = 0.806…
    expect(result).toEqual({ text: 'Premier rendez-vous chez Madame Garnier.', confidence: 0.81, language: 'fr', durationSeconds: 21.4 });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v1/audio/transcriptions');
    expect(request!.headers.authorization).toBe('Bearer sk-test-key');
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.form).toEqual({
      fields: { model: 'whisper-test', response_format: 'verbose_json', language: 'fr' },
      file: { field: 'file', fileName: 'visite-initiale.m4a', mimeType: 'audio/mp4', bytes: m4a.length },
    });
  });

  it('is unsure of a mumbled recording: low token probabilities and a stretch of silence', async () => {
    fake.reply(
      transcription({
        text: 'Euh… le trois pièces… rue…',
        segments: [
          { start: 0, end: 3, avg_logprob: -1.2, no_speech_prob: 0.1 },
          { start: 3, end: 5, avg_logprob: -0.4, no_speech_prob: 0.8 },
          { start: 5, end: 10, avg_logprob: -0.9, no_speech_prob: 0.2 },
        ],
      }),
    );
    const result = await ai.transcribeAudio(AUDIO);
    // 0.3 exp(-1.2) + 0.2 exp(-0.4) + 0.5 exp(-0.9) = 0.428, less 0.5 × 0.2 of silence.
    expect(result.confidence).toBe(0.33);
    expect(result.confidence).toBeLessThan(TRANSCRIPT_FLOOR);
  });

  it.each([
    ['an empty transcript', { text: '   ', segments: [{ start: 0, end: 5, avg_logprob: -0.1, no_speech_prob: 0.95 }] }, 0],
    ['no segments', { text: 'Bonjour.' }, 0.75],
    [
      'segments without timestamps (equal weights)',
      {
        text: 'Bonjour.',
        segments: [
          { start: 0, end: 0, avg_logprob: -0.2, no_speech_prob: 0 },
          { start: 0, end: 0, avg_logprob: -0.2, no_speech_prob: 0.9 },
        ],
      },
      0.57,
    ],
    [
      'a positive log-probability (taken as certain)',
      { text: 'Bonjour.', segments: [{ start: 0, end: 2, avg_logprob: 0.3, no_speech_prob: 0 }] },
      1,
    ],
  ])('scores %s', async (_what, answer, confidence) => {
    fake.reply(transcription(answer));
    expect((await ai.transcribeAudio(AUDIO)).confidence).toBe(confidence);
  });

  it.each([
    ['french', 'fr'],
    ['fr', 'fr'],
    ['English', 'en'],
    ['klingon', null],
    ['', null],
  ])('turns the language %j into %j', async (language, code) => {
    fake.reply(transcription({ text: 'Bonjour.', language }));
    expect((await ai.transcribeAudio(AUDIO)).language).toBe(code);
  });

  it('takes an answer without language or duration', async () => {
    fake.reply({ status: 200, body: { text: 'Bonjour.' } });
    expect(await ai.transcribeAudio(AUDIO)).toEqual({ text: 'Bonjour.', confidence: 0.75, language: null, durationSeconds: null });
  });

  it('refuses a recording over 25 MiB before sending anything', async () => {
    expect(ai.maxAudioBytes).toBe(MAX_AUDIO_BYTES);
    const error = await ai.transcribeAudio({ ...AUDIO, audio: Buffer.alloc(MAX_AUDIO_BYTES + 1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioTooLargeError);
    expect((error as Error).message).toBe('Enregistrement trop volumineux pour la transcription : 25 Mo, pour 25 Mo au plus.');
    expect(fake.requests).toHaveLength(0);
  });

  it('retries a 429, then uploads again and succeeds', async () => {
    fake.reply(apiError(429, 'Rate limit reached'), transcription({ text: 'Bonjour.' }));
    expect((await ai.transcribeAudio(AUDIO)).text).toBe('Bonjour.');
    expect(fake.requests.map((r) => [r.headers['x-stainless-retry-count'], r.form?.file?.bytes])).toEqual([
      ['0', m4a.length],
      ['1', m4a.length],
    ]);
  });

  it('throws after the last retry of a 5xx, so the job retries', async () => {
    fake.reply(apiError(500, 'boom'), apiError(502, 'boom'), apiError(503, 'boom'), transcription({ text: 'jamais demandé' }));
    await expect(ai.transcribeAudio(AUDIO)).rejects.toBeInstanceOf(InternalServerError);
    expect(fake.requests).toHaveLength(3);
  });

  it.each([
    [
      'a body that is not JSON',
      { status: 200, body: '<html>Bad gateway</html>' },
      'Réponse de transcription inutilisable : le serveur a répondu autre chose que du JSON.',
    ],
    [
      'an answer without text',
      { status: 200, body: { language: 'french', duration: 3 } },
      /^Réponse de transcription inutilisable : text, /,
    ],
    [
      'a segment without scores',
      { status: 200, body: { text: 'Bonjour.', segments: [{ start: 0, end: 1 }] } },
      /^Réponse de transcription inutilisable : segments\.0\.avg_logprob, /,
    ],
  ] as const)('throws a clear error for %s', async (_what, reply, message) => {
    fake.reply(reply);
    await expect(ai.transcribeAudio(AUDIO)).rejects.toThrow(message);
  });
});

describe('OpenAI provider: vocal type', () => {
  const answer = {
    vocalType: 'VISITE_INITIALE',
    confidence: 1.3,
    candidates: [
      { vocalType: 'VISITE_SUIVI', confidence: -0.2 },
      { vocalType: 'VISITE_INITIALE', confidence: 0.9 },
      { vocalType: 'VISITE_SUIVI', confidence: 0.1 },
    ],
    reasoning: 'Premier rendez-vous et estimation.',
  };

  it('sends the transcript and the property with a strict schema, and clamps the confidences', async () => {
    fake.reply(completion(answer));
    const result = await ai.detectVocalType({ transcript: fixtureTranscript('initiale'), property: PROPERTY });
    expect(result).toEqual({
      vocalType: 'VISITE_INITIALE',
      confidence: 1,
      candidates: [
        { vocalType: 'VISITE_INITIALE', confidence: 0.9 },
        { vocalType: 'VISITE_SUIVI', confidence: 0.1 },
      ],
      reasoning: 'Premier rendez-vous et estimation.',
    });
    const [request] = fake.requests;
    expect(request!.url).toBe('/v1/chat/completions');
    expect(request!.body.model).toBe('gpt-test');
    expect(request!.body.temperature).toBe(0);
    expect(request!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'type_vocal', strict: true } });
    const schema = request!.body.response_format.json_schema.schema;
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['vocalType', 'confidence', 'candidates', 'reasoning'],
    });
    expect(JSON.stringify(schema)).toContain('"minimum":0,"maximum":1');
    const [system, user] = request!.body.messages;
    expect(system!.content).toContain('Tu es l’assistant d’une agence immobilière française');
    expect(system!.content).toContain('VISITE_SUIVI : nouveau passage chez un vendeur');
    expect(user!.content).toBe(
      [
        'Bien rattaché : T3 lumineux | 12 rue des Lices, 49100 Angers | prix 320000 €',
        'Détails déjà renseignés : rooms = 3, surface = 75, elevator = true, note = vue dégagée',
        '',
        'Transcription :',
        '"""',
        fixtureTranscript('initiale'),
        '"""',
      ].join('\n'),
    );
  });

  it('says when no property is tied, nor any detail or price known', async () => {
    fake.reply(completion({ ...answer, vocalType: null, confidence: 0.2, candidates: [] }));
    expect(await ai.detectVocalType({ transcript: 'Bonjour.', property: null })).toMatchObject({
      vocalType: null,
      confidence: 0.2,
      candidates: [],
    });
    fake.reply(completion(answer));
    await ai.detectVocalType({ transcript: 'Bonjour.', property: { ...PROPERTY, price: null, details: {} } });
    expect(fake.requests[0]!.body.messages[1]!.content).toContain('Bien rattaché : aucun');
    expect(fake.requests[1]!.body.messages[1]!.content).toContain('prix non renseigné');
    expect(fake.requests[1]!.body.messages[1]!.content).toContain('Détails déjà renseignés : aucun');
  });

  it('does not call the model for an empty transcript', async () => {
    expect(await ai.detectVocalType({ transcript: ' ', property: null })).toMatchObject({ vocalType: null, confidence: 0 });
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['a refusal', completion(null, { refusal: 'Non.' }), 'le modèle a refusé : Non.'],
    ['malformed JSON', completion('{"vocalType": "VISITE'), 'JSON invalide'],
    ['an unknown type', completion({ ...answer, vocalType: 'ERREUR_TRAITEMENT' }), 'réponse hors schéma : vocalType'],
  ])('sends %s to review with confidence 0', async (_what, reply, problem) => {
    fake.reply(reply);
    const result = await ai.detectVocalType({ transcript: 'Bonjour.', property: null });
    expect(result).toMatchObject({ vocalType: null, confidence: 0, candidates: [] });
    expect(result.reasoning).toMatch(/^Réponse de l’IA inutilisable \(.+\) : type de vocal à vérifier par un agent\.$/);
    expect(result.reasoning).toContain(problem);
  });
});

describe('OpenAI provider: initial-visit extraction', () => {
  const nulls = Object.fromEntries(Object.keys(initialVisitFieldsSchema.shape).map((k) => [k, null]));
  const answer = {
    fields: {
      ...nulls,
      propertyType: 'APPARTEMENT',
      address: '12 rue des Lices',
      postalCode: '49100',
      city: 'Angers',
      price: 320_000,
      surface: 75,
      rooms: 3,
      floor: 2,
      elevator: true,
      dpeClass: 'D',
    },
    evidence: [
      { field: 'rooms', text: ' trois pièces ' },
      { field: 'surface', text: '75 m²' },
      { field: 'bedrooms', text: 'deux chambres' },
      { field: 'price', text: '' },
    ],
    confidence: 0.88,
    reasoning: 'Caractéristiques dictées clairement.',
  };

  it('asks for every field, nullable, and keeps only what was said', async () => {
    fake.reply(completion(answer));
    const result = await ai.extractInitialVisit({ transcript: fixtureTranscript('initiale') });
    expect(result).toEqual({
      fields: {
        propertyType: 'APPARTEMENT',
        address: '12 rue des Lices',
        postalCode: '49100',
        city: 'Angers',
        price: 320_000,
        surface: 75,
        rooms: 3,
        floor: 2,
        elevator: true,
        dpeClass: 'D',
      },
      confidence: 0.88,
      // Evidence for a field not kept, or empty, is dropped.
      evidence: { rooms: 'trois pièces', surface: '75 m²' },
      reasoning: 'Caractéristiques dictées clairement.',
    });
    const [request] = fake.requests;
    expect(request!.body.response_format.json_schema.name).toBe('caracteristiques_visite_initiale');
    const schema = request!.body.response_format.json_schema.schema as {
      properties: { fields: { required: string[]; properties: Record<string, unknown> } };
    };
    expect(schema.properties.fields.required).toEqual(Object.keys(initialVisitFieldsSchema.shape));
    expect(schema.properties.fields.properties.rooms).toEqual({
      type: ['number', 'null'],
      description: 'Nombre de pièces (T3 = 3, studio = 1)',
    });
    expect(request!.body.messages[0]!.content).toContain(
      'price : le prix de mise en vente souhaité ou estimé, jamais le budget d’un acquéreur',
    );
    expect(request!.body.messages[1]!.content).toBe(`Transcription :\n"""\n${fixtureTranscript('initiale')}\n"""`);
  });

  it('gives confidence 0 when nothing was said, whatever the model says', async () => {
    fake.reply(completion({ fields: nulls, evidence: [], confidence: 0.9, reasoning: 'Rien.' }));
    expect(await ai.extractInitialVisit({ transcript: 'Bonjour.' })).toEqual({
      fields: {},
      confidence: 0,
      evidence: {},
      reasoning: 'Rien.',
    });
  });

  it.each([
    [
      'a fractional number of rooms',
      completion({ ...answer, fields: { ...answer.fields, rooms: 2.5 } }),
      'réponse hors schéma : fields.rooms',
    ],
    ['a missing field', completion({ ...answer, fields: { rooms: 3 } }), 'réponse hors schéma : fields.propertyType'],
    ['a refusal', completion(null, { refusal: 'Non.' }), 'le modèle a refusé'],
  ])('sends %s to review with no field', async (_what, reply, problem) => {
    fake.reply(reply);
    const result = await ai.extractInitialVisit({ transcript: 'Un trois pièces.' });
    expect(result).toMatchObject({ fields: {}, confidence: 0, evidence: {} });
    expect(result.reasoning).toMatch(/^Réponse de l’IA inutilisable \(.+\) : caractéristiques du bien à relever par un agent\.$/);
    expect(result.reasoning).toContain(problem);
  });

  it('does not call the model for an empty transcript', async () => {
    expect(await ai.extractInitialVisit({ transcript: '' })).toMatchObject({ fields: {}, confidence: 0 });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('OpenAI provider: insights', () => {
  const answer = {
    summary: ' Visite avec M. et Mme Lefèvre. Intérêt élevé. ',
    insights: {
      highlights: ['la luminosité du séjour', ' le balcon ', 'le balcon', ''],
      objections: ['cuisine trop petite'],
      budget: 178_000,
      interestLevel: 'HIGH',
      changes: [],
      newPrice: null,
      worksNeeded: [],
      people: ['Monsieur et Madame Lefèvre'],
      nextSteps: ['contre-visite samedi'],
    },
    confidence: 0.9,
    reasoning: 'Compte rendu détaillé.',
  };

  it('sends the type and the property, and tidies the lists', async () => {
    fake.reply(completion(answer));
    const result = await ai.extractInsights({
      transcript: fixtureTranscript('client'),
      vocalType: 'COMPTE_RENDU_VISITE_CLIENT',
      property: PROPERTY,
    });
    expect(result).toEqual({
      summary: 'Visite avec M. et Mme Lefèvre. Intérêt élevé.',
      insights: { ...answer.insights, highlights: ['la luminosité du séjour', 'le balcon'] },
      confidence: 0.9,
      reasoning: 'Compte rendu détaillé.',
    });
    expect(vocalInsightsSchema.parse(result.insights)).toEqual(result.insights);
    const [request] = fake.requests;
    expect(request!.body.response_format.json_schema).toMatchObject({ name: 'enseignements_vocal', strict: true });
    const schema = request!.body.response_format.json_schema.schema as {
      required: string[];
      properties: { insights: { required: string[] } };
    };
    expect(schema.required).toEqual(['summary', 'insights', 'confidence', 'reasoning']);
    expect(schema.properties.insights.required).toEqual(Object.keys(vocalInsightsSchema.shape));
    expect(request!.body.messages[0]!.content).toContain('Pour une visite de suivi : changes');
    const user = request!.body.messages[1]!.content;
    expect(user.split('\n')[0]).toBe('Type du vocal : COMPTE_RENDU_VISITE_CLIENT (compte rendu de visite client)');
    expect(user).toContain('Bien rattaché : T3 lumineux | 12 rue des Lices, 49100 Angers');
    expect(user).toContain(fixtureTranscript('client'));
  });

  it('clamps the confidence and sends an unusable answer to review', async () => {
    fake.reply(
      completion({ ...answer, confidence: 7 }),
      completion({ ...answer, insights: { ...answer.insights, interestLevel: 'VERY_HIGH' } }),
    );
    expect((await ai.extractInsights({ transcript: 'Bonjour.', vocalType: 'VISITE_SUIVI', property: null })).confidence).toBe(1);
    const refused = await ai.extractInsights({ transcript: 'Bonjour.', vocalType: 'VISITE_SUIVI', property: null });
    expect(refused).toMatchObject({ confidence: 0, insights: { highlights: [], budget: null, interestLevel: null } });
    expect(refused.reasoning).toMatch(
      /^Réponse de l’IA inutilisable \(réponse hors schéma : insights\.interestLevel, .+\) : enseignements du vocal à relever par un agent\.$/,
    );
  });

  it('does not call the model for an empty transcript', async () => {
    expect(await ai.extractInsights({ transcript: '\n', vocalType: 'VISITE_INITIALE', property: null })).toMatchObject({
      confidence: 0,
      reasoning: 'Transcription vide : aucune information à relever.',
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createAIProvider: Whisper model', () => {
  it('passes OPENAI_WHISPER_MODEL to the transcription request', async () => {
    const provider = createAIProvider({
      AI_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-x',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_CHAT_MODEL: 'gpt-4o-mini',
      OPENAI_WHISPER_MODEL: 'whisper-large-v3',
      OPENAI_TIMEOUT_MS: 5_000,
      OPENAI_MAX_RETRIES: 0,
    });
    fake.reply(transcription({ text: 'Bonjour.' }));
    await provider.transcribeAudio(AUDIO);
    expect(fake.requests[0]!.form!.fields.model).toBe('whisper-large-v3');
  });
});
