/**
 * `npm start`: the bot with in-process save workers. Long polling by default, a webhook when
 * WEBHOOK_URL is set. SIGINT/SIGTERM shut down gracefully; a second signal forces the exit.
 */
import { warmDeviceKeys } from './api/index.js';
import { createApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';

function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const logger = createLogger(config.LOG_LEVEL);
const app = createApp(config, { logger });

let signals = 0;
function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  if (signals > 1) {
    logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  logger.info({ signal }, 'signal received');
  app.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

try {
  await app.start();
  // Off the first login's and the first save's path (see warmDeviceKeys).
  setImmediate(warmDeviceKeys);
} catch (error) {
  logger.fatal({ err: error }, 'could not start the bot');
  await app.stop().catch(() => undefined);
  process.exit(1);
}
