// How the configuration schema (config.ts) reads one environment value, and which parts of a
// value are secrets. Each reader names what is expected, so config.ts lists every bad key at once.
import { z } from 'zod';

export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const url = (name: string) =>
  optionalText.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
    message: `${name} must be an http(s) URL`,
  });

export const positiveInteger = (fallback: number) =>
  optionalText
    .refine((value) => value === undefined || /^\d+$/.test(value), { message: 'expected a whole number' })
    .transform((value) => (value === undefined ? fallback : Number(value)));

/** A tuning knob left unset keeps the default of the module it tunes, stated there once. */
export const atLeast = (min: number) =>
  optionalText
    .refine((value) => value === undefined || (/^\d+$/.test(value) && Number(value) >= min), {
      message: `expected a whole number of at least ${min}`,
    })
    .transform((value) => (value === undefined ? undefined : Number(value)));

export const flag = optionalText
  .transform((value) => value?.toLowerCase())
  .refine((value) => value === undefined || ['true', 'false', '1', '0'].includes(value), {
    message: 'expected true or false',
  })
  .transform((value) => (value === undefined ? undefined : value === 'true' || value === '1'));

export const prefixed = (prefix: string) =>
  optionalText.refine(
    (value) => value === undefined || (value.startsWith(prefix) && value.length > prefix.length + 8),
    {
      message: `expected a token starting with ${prefix}`,
    },
  );

export const snowflake = optionalText.refine((value) => value === undefined || /^\d{15,21}$/.test(value), {
  message: 'expected a Discord id (digits)',
});

/** The URL itself and its password, so that neither can reach a log line. */
export function databaseSecrets(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [url, password] : [url];
  } catch {
    return [url];
  }
}

/** A password or token written into a repository URL (https://user:token@host/…). */
export function urlSecrets(url: string | undefined): string[] {
  if (!url || !/^https?:\/\//i.test(url)) return [];
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), parsed.password ? '' : decodeURIComponent(parsed.username)].filter(
      (value) => value.length >= 8,
    );
  } catch {
    return [];
  }
}
