import { z } from 'zod';
import type { Reply } from '../reply.ts';
import type { MentionTarget } from '../command-types.ts';

/** How one delivery is posted, beyond its Reply; absent means a plain message that pings no one. */
export interface DeliveryPosting {
  /** Post the entry as its own thread (forum post, or message plus thread), remembered as its discussion. */
  readonly thread?: { readonly entryKey: string; readonly name: string; readonly tag?: string };
  readonly mention?: MentionTarget;
}

/**
 * What a queued delivery keeps of its message: the Reply itself, tagged with a version. A
 * delivery may wait in the store across an upgrade (a crash, a platform that is down), so the
 * next paperbot reads what an older one wrote: version 0 is the bare Reply written before the
 * tag existed. The Reply is kept rather than what it was made from, because the entries it
 * announces may have changed or gone by the time it is sent, and the message was decided then.
 */
export const DELIVERY_PAYLOAD_VERSION = 1;

export interface StoredReply {
  readonly v: typeof DELIVERY_PAYLOAD_VERSION;
  readonly reply: Reply;
}

export function storedReply(reply: Reply): StoredReply {
  return { v: DELIVERY_PAYLOAD_VERSION, reply };
}

export type ReadReply = { readonly ok: true; readonly reply: Reply } | { readonly ok: false; readonly reason: string };

const action = z.object({ id: z.string(), label: z.string(), style: z.enum(['primary', 'secondary']).optional() });
const richText = z.array(
  z.object({
    text: z.string(),
    strong: z.boolean().optional(),
    url: z.string().optional(),
    code: z.boolean().optional(),
  }),
);
const card = z.object({
  title: z.string(),
  url: z.string().optional(),
  subtitle: z.string().optional(),
  body: richText.optional(),
  fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
  footer: z.string().optional(),
  actions: z.array(action).optional(),
});
// JSON turns a Uint8Array into an object of its bytes by index; read back, it is bytes again.
const bytes = z
  .union([
    z.array(z.number().int().min(0).max(255)),
    z.record(z.string().regex(/^\d+$/), z.number().int().min(0).max(255)),
  ])
  .transform((value) => Uint8Array.from(Array.isArray(value) ? value : Object.values(value)));
const attachment = z.object({
  name: z.string(),
  contentType: z.enum(['image/png', 'text/plain', 'application/x-bibtex', 'application/x-research-info-systems']),
  data: bytes,
  description: z.string(),
  inline: z.boolean().optional(),
  figures: z.array(z.object({ label: z.string(), value: z.number() })).optional(),
});
const reply = z.object({
  tone: z.enum(['result', 'notice', 'error']),
  heading: z.string().optional(),
  text: richText.optional(),
  cards: z.array(card),
  actions: z.array(action),
  paging: z.object({ page: z.number(), pages: z.number(), total: z.number() }).optional(),
  ephemeral: z.boolean(),
  fallback: z.string(),
  attachments: z.array(attachment).optional(),
});

/** The Reply of a stored payload of any version this paperbot knows, or why it cannot be sent. */
export function readStoredReply(stored: unknown): ReadReply {
  const tagged = z.object({ v: z.number() }).safeParse(stored);
  const version = tagged.success ? tagged.data.v : 0;
  if (version > DELIVERY_PAYLOAD_VERSION)
    return {
      ok: false,
      reason: `the stored message is of version ${version}, written by a newer paperbot than this one (${DELIVERY_PAYLOAD_VERSION})`,
    };
  const candidate = version === 0 ? stored : z.object({ reply: z.unknown() }).safeParse(stored).data?.reply;
  const parsed = reply.safeParse(candidate);
  if (!parsed.success)
    return {
      ok: false,
      reason: `the stored message (version ${version}) is not a message paperbot can send: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`,
    };
  return { ok: true, reply: parsed.data };
}

const posting = z.object({
  thread: z.object({ entryKey: z.string(), name: z.string(), tag: z.string().optional() }).optional(),
  mention: z.object({ id: z.string(), label: z.string().optional() }).optional(),
});

/** The posting of a stored delivery (written as JSON of a DeliveryPosting), or undefined when it is not one. */
export function readStoredPosting(stored: unknown): DeliveryPosting | undefined {
  const parsed = posting.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}
