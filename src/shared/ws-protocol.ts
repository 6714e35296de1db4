// The WebSocket wire protocol of web mode: requests carry an id, responses echo it, events don't.
import { z } from 'zod';

export const ClientMessage = z.object({
  id: z.number().int().min(0),
  channel: z.string().max(64),
  args: z.array(z.unknown()).max(8),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.union([
  z.object({ kind: z.literal('response'), id: z.number().int(), result: z.unknown() }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Largest message a client may send: a batch of images as base64. */
export const MAX_MESSAGE_BYTES = 768 * 1024 * 1024;
