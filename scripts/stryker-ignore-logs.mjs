// @ts-check
/**
 * A Stryker ignorer (stryker.config.mjs `plugins` + `ignorers: ['log-calls']`): mutants in what only
 * writes a log line are reported as Ignored, with a reason, instead of as survivors — no test reads the
 * logs, and the log level or a message's words are nobody's rule. It matches, and only these:
 * - a call of a pino level method on a logger: `log.info(...)`, `run.log.warn(...)`,
 *   `this.deps.log.debug(...)` (the receiver is named `log` or `logger`, directly or as the last
 *   property of a member chain) — its message text and its field object;
 * - an `if` without `else` whose only statement is such a call (its condition decides only whether
 *   the line is written), a block (a `catch` body) and an arrow function whose body is only such calls.
 * Text the user sees (notifier, outcome details, errors) is never inside one of these, so stays mutated.
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const LOGGERS = new Set(['log', 'logger']);

/** `log`, `logger`, or `<anything>.log` / `<anything>.logger`. */
function isLogger(node) {
  if (node?.type === 'Identifier') return LOGGERS.has(node.name);
  return node?.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && LOGGERS.has(node.property.name);
}

/** `<logger>.<level>(...)`. */
export function isLogCall(node) {
  if (node?.type !== 'CallExpression') return false;
  const callee = node.callee;
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    LEVELS.has(callee.property.name) &&
    isLogger(callee.object)
  );
}

/** A statement (or block of statements) that does nothing but write log lines. */
function onlyLogs(node) {
  if (node?.type === 'ExpressionStatement') return isLogCall(node.expression);
  if (node?.type === 'BlockStatement') return node.body.length > 0 && node.body.every(onlyLogs);
  return false;
}

/** @param {import('@babel/core').NodePath} path */
export function shouldIgnore(path) {
  const node = path.node;
  if (isLogCall(node)) return 'log line: its level, text and fields are not a rule (scripts/stryker-ignore-logs.mjs)';
  if (node.type === 'IfStatement' && !node.alternate && onlyLogs(node.consequent)) {
    return 'condition that only decides whether a log line is written (scripts/stryker-ignore-logs.mjs)';
  }
  if (node.type === 'BlockStatement' && onlyLogs(node)) return 'block that only writes a log line (scripts/stryker-ignore-logs.mjs)';
  if (node.type === 'ArrowFunctionExpression' && (isLogCall(node.body) || onlyLogs(node.body))) {
    return 'callback that only writes a log line (scripts/stryker-ignore-logs.mjs)';
  }
  return undefined;
}

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'log-calls', { shouldIgnore })];
