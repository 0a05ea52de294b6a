import type { PipelineStage, VocalJobPayload } from '../vocals/stages.ts';

/**
 * What the services ask of the background jobs, and nothing more: queue an item's work now, or
 * once the write that made it due has committed. The jobs module implements it; services never
 * import the jobs themselves (the jobs call back into the services' domain code).
 */
export interface EnqueuePort {
  /** The message's triage; while its job waits or runs, asking again queues nothing more. */
  triage(orgId: string, messageId: string): Promise<{ jobId: string }>;
  /** The file's classification, with the same one-job-per-item key. */
  classify(orgId: string, fileId: string): Promise<{ jobId: string }>;
  /** A voice note's pipeline stage, keyed by vocal and revision. */
  stage(stage: PipelineStage, payload: VocalJobPayload): Promise<{ jobId: string }>;
  /** The same after a commit: an unreachable queue leaves the job to the recovery pass. */
  afterCommit: {
    triage(orgId: string, messageId: string): Promise<void>;
    classify(orgId: string, fileId: string): Promise<void>;
    stage(stage: PipelineStage, payload: VocalJobPayload): Promise<void>;
  };
}
