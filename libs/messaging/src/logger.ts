/**
 * The minimal logger the messaging classes need. pino's `Logger` satisfies it (object first, then
 * message), so services pass their nestjs-pino / pino logger straight in.
 */
export interface MessagingLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

function writeJson(level: string, obj: object, msg?: string): void {
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), ...obj, msg })}\n`);
}

/** Default when no logger is given: warnings and errors as JSON lines on stderr, the rest dropped. */
export const stderrLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (obj, msg) => writeJson('warn', obj, msg),
  error: (obj, msg) => writeJson('error', obj, msg),
};

export const silentLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function errorInfo(err: unknown): { err: string; stack?: string } {
  if (err instanceof Error) return { err: `${err.name}: ${err.message}`, stack: err.stack };
  return { err: String(err) };
}
