// Transport-agnostic request dispatch: both Electron IPC and the WebSocket server call `dispatch`,
// so every argument is parsed by the contract's schema and every failure becomes a Result.
import {
  eventChannels,
  isRequestName,
  requestChannels,
  type EventName,
  type EventPayload,
  type ParsedArgs,
  type RequestName,
  type RequestValue,
} from '../../shared/contract';
import { err, toApiError, type Result } from '../../shared/result';

export type Handler<K extends RequestName> = (...args: ParsedArgs<K>) => Promise<Result<RequestValue<K>>>;
export type Handlers = { [K in RequestName]: Handler<K> };

/** Sends an event to every connected renderer; each transport supplies one. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fans events out to several transports (Electron windows, WebSocket clients). */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  /** Adds a sink; returns the function that removes it. */
  add(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Validates the payload against the contract, then sends it to every sink. */
  readonly emit: EventSink = (event, payload) => {
    const parsed = eventChannels[event].parse(payload) as EventPayload<typeof event>;
    for (const sink of this.sinks) sink(event, parsed);
  };
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(arguments)'}: ${i.message}`)
    .join('; ');
}

/** Parses `rawArgs` for `channel`, runs its handler, and never throws. */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawArgs: unknown,
): Promise<Result<unknown>> {
  if (!isRequestName(channel)) return err('unknown_channel', `unknown request channel ${String(channel)}`);
  const parsed = requestChannels[channel].args.safeParse(rawArgs);
  if (!parsed.success) return err('invalid_arguments', `${channel}: ${describeIssues(parsed.error)}`);
  try {
    const handler = handlers[channel] as (...args: unknown[]) => Promise<Result<unknown>>;
    const result = await handler(...(parsed.data as unknown[]));
    if (result.ok) {
      const checked = requestChannels[channel].result.safeParse(result.value);
      if (!checked.success)
        return err('invalid_result', `${channel} produced ${describeIssues(checked.error)}`);
      return { ok: true, value: checked.data };
    }
    return result;
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
