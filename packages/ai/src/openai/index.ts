import { initialVisitFieldsSchema, type InitialVisitFields } from '@monimmo/contract/vocabulary';
import OpenAI, { toFile } from 'openai';
import type { z } from 'zod';
import { assertAudioSize, AudioUnreadableError, MAX_AUDIO_BYTES } from '../audio.ts';
import { extractText } from '../extract-text.ts';
import { classifyByRules } from '../mock/classify.ts';
import { matchByRules } from '../mock/match.ts';
import type {
  AIProvider,
  ClassifyDocumentInput,
  DetectVocalTypeInput,
  DocumentClassification,
  ExtractInsightsInput,
  InitialVisitExtraction,
  MatchPropertyInput,
  PropertyMatch,
  TranscribeAudioInput,
  Transcription,
  VocalInsightsResult,
  VocalTypeDetection,
} from '../types.ts';
import {
  CLASSIFY_SYSTEM_PROMPT,
  classifyUserPrompt,
  INITIAL_VISIT_SYSTEM_PROMPT,
  initialVisitUserPrompt,
  INSIGHTS_SYSTEM_PROMPT,
  insightsUserPrompt,
  MATCH_SYSTEM_PROMPT,
  matchUserPrompt,
  VOCAL_TYPE_SYSTEM_PROMPT,
  vocalTypeUserPrompt,
} from './prompts.ts';
import {
  documentClassificationAnswerSchema,
  initialVisitAnswerSchema,
  insightsAnswerSchema,
  propertyMatchAnswerSchema,
  responseFormat,
  transcriptionAnswerSchema,
  vocalTypeAnswerSchema,
} from './schemas.ts';
import { shortlistFor } from './shortlist.ts';
import { languageCode, transcriptConfidence } from './transcription.ts';

export interface OpenAIProviderOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint, e.g. "https://api.openai.com/v1". */
  baseURL: string;
  /** Chat model able to follow a JSON schema (structured output). */
  chatModel: string;
  /** Transcription model answering `verbose_json` with per-segment scores ("whisper-1"). */
  whisperModel: string;
  /** Per request attempt. */
  timeoutMs: number;
  /** Retries on connection errors, timeouts, 408, 409, 429 and 5xx, with the SDK's exponential backoff (honouring Retry-After). */
  maxRetries: number;
}

type Answer<T> = { ok: true; value: T } | { ok: false; problem: string };

const MAX_CANDIDATES = 5;

/** Confidences of the voice-note answers: a model's 1.2 is "sure", its -0.1 "not at all". */
const clamp = (value: number) => Math.min(1, Math.max(0, value));

/** A JSON-shaped error or an empty choice list is the server's answer, not a transport failure. */
const unusable = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/**
 * The chat model of any OpenAI-compatible server, answering in JSON that follows a schema. An
 * answer that cannot be used (not JSON, off-schema, naming an unknown property) becomes a result
 * with confidence 0 and a reasoning that says why, so the item goes to review; a transport
 * failure that outlives the retries throws, so the job is retried.
 */
export class OpenAIProvider implements AIProvider {
  readonly name = 'openai';
  private readonly client: OpenAI;
  private readonly matchFormat = responseFormat('rattachement_message_bien', propertyMatchAnswerSchema);
  private readonly classifyFormat = responseFormat('classification_document', documentClassificationAnswerSchema);
  private readonly vocalTypeFormat = responseFormat('type_vocal', vocalTypeAnswerSchema);
  private readonly initialVisitFormat = responseFormat('caracteristiques_visite_initiale', initialVisitAnswerSchema);
  private readonly insightsFormat = responseFormat('enseignements_vocal', insightsAnswerSchema);
  readonly maxAudioBytes = MAX_AUDIO_BYTES;

  constructor(private readonly options: OpenAIProviderOptions) {
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
  }

  /**
   * Rules first, the model second: a case the rules settle clearly (a known sender, a mandate
   * number, an exact address, a learned sender, with no close rival) is answered without a call;
   * otherwise the model sees the rules' shortlist only (see shortlist.ts) and its answer is
   * checked: a property outside the shortlist is refused, and the item goes to review.
   */
  async matchProperty(input: MatchPropertyInput): Promise<PropertyMatch> {
    if (input.candidates.length === 0) {
      return {
        propertyId: null,
        confidence: 0,
        ambiguous: false,
        candidates: [],
        reasoning: 'L’agence n’a aucun bien auquel rattacher ce message.',
      };
    }
    const { decisive, ...rules } = matchByRules(input);
    if (decisive) return { ...rules, reasoning: `Décidé par les règles, sans appel au modèle. ${rules.reasoning}` };
    const shortlist = shortlistFor(input, rules);
    if (!shortlist) {
      return {
        ...rules,
        reasoning: `${rules.reasoning} Aucun indice pour présélectionner des biens : le modèle n’a pas été consulté, rattachement à vérifier par un agent.`,
      };
    }
    const refs = shortlist.candidates.map((_c, i) => `B${i + 1}`);
    const idOf = new Map(refs.map((ref, i) => [ref, shortlist.candidates[i]!.id]));
    const answer = await this.ask(
      this.matchFormat,
      propertyMatchAnswerSchema,
      MATCH_SYSTEM_PROMPT,
      matchUserPrompt(input, shortlist, refs),
    );
    // The rules' candidates stay, for the agent to choose from.
    const refused = (problem: string): PropertyMatch => ({
      propertyId: null,
      confidence: 0,
      ambiguous: false,
      candidates: rules.candidates,
      reasoning: `Réponse de l’IA inutilisable (${problem}) : rattachement à vérifier par un agent.`,
    });
    if (!answer.ok) return refused(answer.problem);

    const { value } = answer;
    const unknown = [value.propertyRef, ...value.candidates.map((c) => c.propertyRef)].find((ref) => ref !== null && !idOf.has(ref));
    if (unknown !== undefined) return refused(`elle cite un bien inconnu, « ${unknown} »`);
    const candidates = value.candidates
      .map((c) => ({ propertyId: idOf.get(c.propertyRef)!, confidence: c.confidence, evidence: c.evidence }))
      .sort((a, b) => b.confidence - a.confidence)
      .filter((c, i, all) => all.findIndex((d) => d.propertyId === c.propertyId) === i)
      .slice(0, MAX_CANDIDATES);
    return {
      // An answer both ambiguous and naming a property is ambiguous: never a guess.
      propertyId: value.ambiguous || value.propertyRef === null ? null : idOf.get(value.propertyRef)!,
      confidence: value.confidence,
      ambiguous: value.ambiguous,
      candidates,
      reasoning: value.reasoning,
    };
  }

  /**
   * Rules first, the model second, as for messages: a paper whose own title the rules recognise,
   * with no close rival (see classifyByRules), is answered without a call; otherwise the model
   * reads the text, or only the name of an image, with what the rules saw as hints to check.
   */
  async classifyDocument(input: ClassifyDocumentInput): Promise<DocumentClassification> {
    const mimeType = input.mimeType.toLowerCase();
    const media = mimeType.startsWith('image/') || mimeType.startsWith('video/');
    const text = media ? null : await extractText(input);
    // The rules read the same text: an image or a video they read by name and metadata.
    const { decisive, ...rules } = await classifyByRules(input, media ? {} : { text });
    if (decisive) return { ...rules, reasoning: `Décidé par les règles, sans appel au modèle. ${rules.reasoning}` };
    const answer = await this.ask(
      this.classifyFormat,
      documentClassificationAnswerSchema,
      CLASSIFY_SYSTEM_PROMPT,
      classifyUserPrompt(input, text, rules),
    );
    if (!answer.ok) {
      return {
        typeDocument: null,
        confidence: 0,
        candidates: [],
        reasoning: `Réponse de l’IA inutilisable (${answer.problem}) : type de document à vérifier par un agent.`,
      };
    }
    const { value } = answer;
    return {
      typeDocument: value.typeDocument,
      confidence: value.confidence,
      candidates: [...value.candidates].sort((a, b) => b.confidence - a.confidence).slice(0, MAX_CANDIDATES),
      reasoning: value.reasoning,
    };
  }

  async transcribeAudio(input: TranscribeAudioInput): Promise<Transcription> {
    // Checked before anything is sent: the server would refuse it after the whole upload.
    assertAudioSize(input.audio, this.maxAudioBytes);
    let response: unknown;
    try {
      response = await this.client.audio.transcriptions.create({
        file: await toFile(input.audio, input.fileName, { type: input.mimeType }),
        model: this.options.whisperModel,
        response_format: 'verbose_json',
        language: 'fr',
      });
    } catch (error) {
      if (error instanceof SyntaxError)
        throw new Error('Réponse de transcription inutilisable : le serveur a répondu autre chose que du JSON.', { cause: error });
      // The server could not decode the file ("Invalid file format", "Audio file might be corrupted"): final.
      if (error instanceof OpenAI.BadRequestError && /file|audio|format|decod|corrupt/i.test(error.message))
        throw new AudioUnreadableError(input.fileName, { cause: error });
      throw error;
    }
    const parsed = transcriptionAnswerSchema.safeParse(response);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`Réponse de transcription inutilisable : ${issue.path.join('.') || 'racine'}, ${issue.message}.`);
    }
    const { text, language, duration, segments } = parsed.data;
    const trimmed = text.trim();
    return {
      text: trimmed,
      confidence: transcriptConfidence(trimmed, segments ?? null),
      language: languageCode(language),
      durationSeconds: duration ?? null,
    };
  }

  async detectVocalType(input: DetectVocalTypeInput): Promise<VocalTypeDetection> {
    if (!input.transcript.trim())
      return { vocalType: null, confidence: 0, candidates: [], reasoning: 'Transcription vide : aucun indice du type de vocal.' };
    const answer = await this.ask(this.vocalTypeFormat, vocalTypeAnswerSchema, VOCAL_TYPE_SYSTEM_PROMPT, vocalTypeUserPrompt(input));
    if (!answer.ok) {
      return {
        vocalType: null,
        confidence: 0,
        candidates: [],
        reasoning: `Réponse de l’IA inutilisable (${answer.problem}) : type de vocal à vérifier par un agent.`,
      };
    }
    const { value } = answer;
    const candidates = value.candidates
      .map((c) => ({ vocalType: c.vocalType, confidence: clamp(c.confidence) }))
      .sort((a, b) => b.confidence - a.confidence)
      .filter((c, i, all) => all.findIndex((d) => d.vocalType === c.vocalType) === i);
    return { vocalType: value.vocalType, confidence: clamp(value.confidence), candidates, reasoning: value.reasoning };
  }

  async extractInitialVisit(input: { transcript: string }): Promise<InitialVisitExtraction> {
    if (!input.transcript.trim())
      return { fields: {}, confidence: 0, evidence: {}, reasoning: 'Transcription vide : aucune caractéristique à relever.' };
    const answer = await this.ask(
      this.initialVisitFormat,
      initialVisitAnswerSchema,
      INITIAL_VISIT_SYSTEM_PROMPT,
      initialVisitUserPrompt(input.transcript),
    );
    const refused = (problem: string): InitialVisitExtraction => ({
      fields: {},
      confidence: 0,
      evidence: {},
      reasoning: `Réponse de l’IA inutilisable (${problem}) : caractéristiques du bien à relever par un agent.`,
    });
    if (!answer.ok) return refused(answer.problem);
    // Nulls are "not said"; what remains must fit the contract (whole numbers of rooms, a floor…).
    const said = Object.fromEntries(Object.entries(answer.value.fields).filter(([, v]) => v !== null));
    const fields = initialVisitFieldsSchema.safeParse(said);
    if (!fields.success) {
      const issue = fields.error.issues[0]!;
      return refused(`réponse hors schéma : fields.${issue.path.join('.')}, ${issue.message}`);
    }
    const evidence: InitialVisitExtraction['evidence'] = {};
    for (const { field, text } of answer.value.evidence) if (field in fields.data && text.trim()) evidence[field] = text.trim();
    const found = Object.keys(fields.data).length;
    return {
      fields: fields.data as InitialVisitFields,
      // Nothing said, nothing to apply, whatever the model's confidence.
      confidence: found === 0 ? 0 : clamp(answer.value.confidence),
      evidence,
      reasoning: answer.value.reasoning,
    };
  }

  async extractInsights(input: ExtractInsightsInput): Promise<VocalInsightsResult> {
    const refused = (reasoning: string): VocalInsightsResult => ({
      summary: 'Vocal sans contenu exploitable. Aucune information n’a pu en être tirée.',
      insights: {
        highlights: [],
        objections: [],
        budget: null,
        interestLevel: null,
        changes: [],
        newPrice: null,
        worksNeeded: [],
        people: [],
        nextSteps: [],
      },
      confidence: 0,
      reasoning,
    });
    if (!input.transcript.trim()) return refused('Transcription vide : aucune information à relever.');
    const answer = await this.ask(this.insightsFormat, insightsAnswerSchema, INSIGHTS_SYSTEM_PROMPT, insightsUserPrompt(input));
    if (!answer.ok) return refused(`Réponse de l’IA inutilisable (${answer.problem}) : enseignements du vocal à relever par un agent.`);
    const { summary, insights, confidence, reasoning } = answer.value;
    const list = (items: string[]) => [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
    return {
      summary: summary.trim(),
      insights: {
        ...insights,
        highlights: list(insights.highlights),
        objections: list(insights.objections),
        changes: list(insights.changes),
        worksNeeded: list(insights.worksNeeded),
        people: list(insights.people),
        nextSteps: list(insights.nextSteps),
      },
      confidence: clamp(confidence),
      reasoning,
    };
  }

  private async ask<T>(format: ReturnType<typeof responseFormat>, schema: z.ZodType<T>, system: string, user: string): Promise<Answer<T>> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create({
        model: this.options.chatModel,
        temperature: 0,
        response_format: format,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      });
    } catch (error) {
      // HTTP errors and connection failures (after the SDK's retries) are for the job to retry;
      // a 200 whose body is not JSON is an answer, and a useless one.
      if (error instanceof SyntaxError) return unusable('le serveur a répondu autre chose que du JSON');
      throw error;
    }
    const choice = completion.choices?.[0];
    if (!choice) return unusable('aucune réponse');
    if (choice.message.refusal) return unusable(`le modèle a refusé : ${choice.message.refusal}`);
    if (!choice.message.content) return unusable('réponse vide');
    let json: unknown;
    try {
      json = JSON.parse(choice.message.content);
    } catch {
      return unusable(choice.finish_reason === 'length' ? 'réponse tronquée' : 'JSON invalide');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return unusable(`réponse hors schéma : ${issue.path.join('.') || 'racine'}, ${issue.message}`);
    }
    return { ok: true, value: parsed.data };
  }
}
