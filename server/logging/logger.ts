/** One scoped logger for the server: `createLogger('ws.hub', options)` or `log.scoped('x')`. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface LogRecord {
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  scope: string;
  message: string;
  fields?: LogFields;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  scoped(scope: string): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  sink?: LogSink;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
// A safety net: nothing should log these, but if a field slips in it never reaches the output.
const SECRET_KEY = /pass(word)?|token|cookie|authorization|secret|hash/i;

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : v;
  return out;
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return v.stack ?? v.message;
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v) ?? String(v);
}

/** Human-readable lines: info/debug to stdout, warn/error to stderr. */
export const consoleSink: LogSink = (r) => {
  const extra = r.fields
    ? ' ' +
      Object.entries(r.fields)
        .map(([k, v]) => `${k}=${formatValue(v)}`)
        .join(' ')
    : '';
  const line = `${r.time} ${r.level.toUpperCase().padEnd(5)} [${r.scope}] ${r.message}${extra}\n`;
  (r.level === 'warn' || r.level === 'error' ? process.stderr : process.stdout).write(line);
};

export function createLogger(scope: string, options: LoggerOptions): Logger {
  const sink = options.sink ?? consoleSink;
  const min = RANK[options.level];
  const emit = (level: LogRecord['level'], message: string, fields?: LogFields) => {
    if (RANK[level] < min) return;
    sink({
      time: new Date().toISOString(),
      level,
      scope,
      message,
      ...(fields ? { fields: redact(fields) } : {}),
    });
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    scoped: (child) => createLogger(`${scope}.${child}`, options),
  };
}
