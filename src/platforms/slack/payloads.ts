/**
 * The few fields paperbot reads from a Slack payload, checked before use: a signed payload can
 * still lack a field or carry the wrong type, and that gets a clear answer, never a TypeError.
 */
import { z } from 'zod';

const slashCommand = z.object({
  user_id: z.string().min(1),
  channel_id: z.string().optional(),
  // Slack always sends `text`, empty when nothing follows the command.
  text: z.string().optional(),
});

const buttonPress = z.object({
  body: z.object({
    user: z.object({ id: z.string().min(1) }),
    channel: z.object({ id: z.string() }).nullish(),
    container: z.object({ channel_id: z.string().optional(), is_ephemeral: z.boolean().optional() }).nullish(),
  }),
  action: z.object({ type: z.string(), action_id: z.string(), value: z.string().optional() }),
});

export interface SlashCommandFields {
  readonly userId: string;
  readonly channelId?: string;
  readonly text: string;
}

export interface ButtonPressFields {
  readonly userId: string;
  readonly channelId?: string;
  readonly onEphemeral: boolean;
  readonly type: string;
  readonly actionId: string;
  readonly value?: string;
}

export type Read<T> = { readonly ok: true; readonly fields: T } | { readonly ok: false; readonly problem: string };

export function readSlashCommandFields(command: unknown): Read<SlashCommandFields> {
  const parsed = slashCommand.safeParse(command);
  if (!parsed.success) return { ok: false, problem: problemOf('command', parsed.error) };
  const { user_id: userId, channel_id: channelId, text } = parsed.data;
  return { ok: true, fields: { userId, channelId, text: text ?? '' } };
}

export function readButtonPressFields(body: unknown, action: unknown): Read<ButtonPressFields> {
  const parsed = buttonPress.safeParse({ body, action });
  if (!parsed.success) return { ok: false, problem: problemOf('button press', parsed.error) };
  const { body: fields, action: pressed } = parsed.data;
  return {
    ok: true,
    fields: {
      userId: fields.user.id,
      channelId: fields.channel?.id ?? fields.container?.channel_id,
      onEphemeral: fields.container?.is_ephemeral === true,
      type: pressed.type,
      actionId: pressed.action_id,
      value: pressed.value,
    },
  };
}

/** `Slack sent this command with user_id missing or not text; …` — names each field, never echoes values. */
function problemOf(what: string, error: z.ZodError): string {
  const fields = [
    ...new Set(error.issues.map((issue) => issue.path.filter((part) => part !== 'body').join('.') || 'the payload')),
  ];
  return `Slack sent this ${what} with ${fields.join(', ')} missing or of the wrong type, so paperbot cannot run it.`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field that is text, from anything; undefined when it is absent or of another type. */
export function textField(record: unknown, name: string): string | undefined {
  if (!isRecord(record)) return undefined;
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}
