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
      for await (const message of parseServerSentEvents(response.body!, controller.signal)) {
        const event = JSON.parse(message.data) as SessionEvent;
        if (event.eventIndex < next) continue;
        next = event.eventIndex + 1;
        yield event;
      }
      if (signal?.aborted) return;
      options.onDisconnect?.(new Error("stream ended"));
    } catch (error) {
      if (signal?.aborted) return;
      if (error instanceof SandboxAgentError && error.status < 500) throw error;
      options.onDisconnect?.(error);
    } finally {
      signal?.removeEventListener("abort", abort);
      controller.abort();
    }
    await sleep(delay, signal);
    delay = Math.min(delay * 2, options.maxRetryDelayMs ?? 5000);
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
