/**
 * `npm run worker`: extra save workers in their own process, on the BullMQ queue the bot
 * fills. Reports progress through the Bot API (no polling — the bot process owns updates).
 */
import { warmDeviceKeys } from './api/index.js';
import { createStandaloneApi, createStandaloneNotifier, NOTIFIER_DRAIN_MS, openCore, operatorAlertsFor, startWorkers } from './app.js';
import { detachDelivery, type DetachedNotifier } from './bot/saving/detached-notifier.js';
import { loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';

function configOrExit(): Config {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  if (!config.REDIS_URL) {
    process.stderr.write(
      'npm run worker needs REDIS_URL: without Redis the queue lives in the bot process (npm start runs the workers itself).\n',
    );
    process.exit(1);
  }
  return config;
}

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL).child({ process: 'worker' });
const core = openCore(config, { logger });

let notifier: DetachedNotifier | undefined;
let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    logger.info('worker shutting down');
    await core.queue.close().catch((error: unknown) => logger.error({ err: error }, 'queue close failed'));
    await core.follows.close().catch((error: unknown) => logger.error({ err: error }, 'follow queue close failed'));
    await notifier?.idle(NOTIFIER_DRAIN_MS);
    core.database.close();
  })();
  return stopping;
}

let signals = 0;
function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  if (signals > 1) process.exit(1);
  logger.info({ signal }, 'signal received');
  stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  const api = createStandaloneApi(core);
  notifier = detachDelivery(createStandaloneNotifier(core, {}, api), logger.child({ component: 'notifier' }));
  await startWorkers(core, notifier, { operatorAlerts: operatorAlertsFor(core, api) });
  logger.info({ concurrency: config.WORKER_CONCURRENCY }, 'save workers started');
  // A worker process opens every account's session afresh: off its first save's path.
  setImmediate(warmDeviceKeys);
} catch (error) {
  logger.fatal({ err: error }, 'could not start the workers');
  await stop();
  process.exit(1);
}
