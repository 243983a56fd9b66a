import pino, { type Logger } from 'pino';

export type { Logger };

/** Every path where a secret can sit in what we log; pino replaces them before writing. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'config.discordToken',
  'config.slackBotToken',
  'config.slackAppToken',
  'config.slackSigningSecret',
  '*.discordToken',
  '*.slackBotToken',
  '*.slackAppToken',
  '*.slackSigningSecret',
];

export interface LoggerOptions {
  readonly level?: string;
  /** Secret values to scrub from any message text, wherever they appear. */
  readonly secrets?: readonly string[];
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  const scrub = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        // Secrets can also hide in free text (an error message quoting a URL); scrub the final line.
        streamWrite: scrub,
      },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that drops everything, for one-shot commands whose output is the reply itself. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
