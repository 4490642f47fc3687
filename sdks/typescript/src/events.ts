import type { SessionEvent } from "./generated/schemas.js";
import type { Transport } from "./http.js";
import { SandboxAgentError } from "./errors.js";
import { parseServerSentEvents } from "./sse.js";

/** Options of `sessions.stream`. */
export interface EventStreamOptions {
  /** First `eventIndex` to deliver (default 0: the whole transcript, then live events). */
  offset?: number;
  /** Ends the iteration. */
  signal?: AbortSignal;
  /** Delay before reconnecting after a disconnect, doubled up to `maxRetryDelayMs` (default 250). */
  retryDelayMs?: number;
  /** Largest delay between reconnects (default 5000). */
  maxRetryDelayMs?: number;
  /** Called on each disconnect before the reconnect. */
  onDisconnect?: (error: unknown) => void;
  /**
   * A connection on which nothing arrives for this long (no event, no heartbeat: the server sends
   * one every 15 s) counts as broken and is replaced (default 45000, as the Python SDK).
   */
  idleTimeoutMs?: number;
}

/** The error `onDisconnect` gets when a connection stayed silent for `idleTimeoutMs`. */
export class IdleStreamError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data on the event stream for ${idleMs} ms`);
    this.name = "IdleStreamError";
  }
}

/**
 * A session's events in `eventIndex` order, replayed from `offset` and then live. When the
 * connection drops (network error, server restart), it reconnects with `Last-Event-ID` set to the
 * last delivered index, so no event is missed or repeated. It ends only when `signal` aborts or
 * the consumer stops; a 4xx answer (an unknown session) is thrown.
 */
export async function* sessionEvents(
  transport: Transport,
  sessionId: string,
  options: EventStreamOptions = {},
): AsyncGenerator<SessionEvent> {
  let next = options.offset ?? 0;
  const baseDelay = options.retryDelayMs ?? 250;
  let delay = baseDelay;
  const signal = options.signal;
  while (!signal?.aborted) {
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener("abort", abort, { once: true });
    const idle = new IdleTimer(options.idleTimeoutMs ?? 45_000, controller);
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (next > 0) headers["Last-Event-ID"] = String(next - 1);
      const response = await transport.send("streamSessionEvents", {
        params: { id: sessionId },
        query: { offset: next },
        headers,
        signal: controller.signal,
      });
      delay = baseDelay;
      for await (const message of parseServerSentEvents(idle.watch(response.body!), controller.signal)) {
        const event = JSON.parse(message.data) as SessionEvent;
        if (event.eventIndex < next) continue;
        next = event.eventIndex + 1;
        yield event;
      }
      if (signal?.aborted) return;
      options.onDisconnect?.(idle.expired ? new IdleStreamError(idle.ms) : new Error("stream ended"));
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof SandboxAgentError && error.status < 500) throw error;
      options.onDisconnect?.(idle.expired ? new IdleStreamError(idle.ms) : error);
    } finally {
      idle.stop();
      signal?.removeEventListener("abort", abort);
      controller.abort();
    }
    await sleep(delay, signal);
    delay = Math.min(delay * 2, options.maxRetryDelayMs ?? 5000);
  }
}

/** Aborts a connection's controller when `ms` pass without a byte (armed from the request on). */
class IdleTimer {
  expired = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(readonly ms: number, private readonly controller: AbortController) {
    this.arm();
  }

  /** `body` unchanged, re-arming the timer with each chunk. */
  watch(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    this.arm();
    return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, output) => { this.arm(); output.enqueue(chunk); },
    }));
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.expired = true; this.controller.abort(); }, this.ms);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
