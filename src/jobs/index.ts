/** The save pipeline's public face: the job contract, the processor, the queue wiring. */
export { saveInFlightKey, saveJobId, type SaveShareJob } from './save-share.job.js';
export { FAILURE_KINDS, IN_PROGRESS_KIND, MAX_FAILED_NAMES, type FailureKind, type PartialReason, type SaveNotifier, type SaveOutcome, type SaveProgress } from './save-outcome.js';
export { processSaveShare, DEFAULT_IN_FLIGHT_RECHECK_MS } from './save/run.js';
export { DEFAULT_POLL, type PollOptions } from './save/poll.js';
export type { SaveJobRun, SaveShareDeps } from './save/context.js';
export {
  createSaveQueue,
  DEFAULT_MAX_QUEUED_PER_USER,
  enqueueSave,
  startSaveWorkers,
  SAVE_ATTEMPTS,
  SAVE_QUEUE_NAME,
  TooManyQueuedError,
  type SaveQueueOptions,
} from './save-queue.js';
export { systemClock, type Clock } from './clock.js';
export { FinalJobError, RateLimitedJobError } from './errors.js';
export type { OperatorAlerts } from './operator-alerts.js';
