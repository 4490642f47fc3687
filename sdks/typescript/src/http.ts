import { SandboxAgentError } from "./errors.js";
import { operations, type OperationId } from "./generated/operations.js";

/** Options of `SandboxAgent.connect`. */
export interface ConnectOptions {
  /** Server URL, for example `http://127.0.0.1:2468`. */
  baseUrl: string;
  /** Bearer token (the server's `--token`). */
  token?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** The fetch implementation (default: the global `fetch`). */
  fetch?: typeof fetch;
  /** The WebSocket constructor for terminals (default: the global `WebSocket`). */
  WebSocket?: typeof WebSocket;
}

/** Per-call options: every method takes them. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Query parameters: an object of string, number or boolean members; `undefined` ones are left out. */
export type Query = object;

/** One request: the operation, its path parameters, query, body and headers. */
export interface RequestSpec extends CallOptions {
  params?: Record<string, string>;
  query?: Query;
  json?: unknown;
  body?: BodyInit | ReadableStream<Uint8Array>;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Builds URLs and sends requests; non-2xx answers become `SandboxAgentError`s. */
export class Transport {
  readonly baseUrl: string;
  readonly token?: string;
  readonly WebSocket?: typeof WebSocket;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ConnectOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.token = options.token;
    this.headers = { ...(options.headers ?? {}) };
    if (options.token) this.headers["Authorization"] = `Bearer ${options.token}`;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (!fetchImpl) throw new TypeError("no fetch implementation: pass `fetch` to SandboxAgent.connect");
    this.fetchImpl = fetchImpl.bind(globalThis);
    this.WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  }

  /** The absolute URL of an operation with its path parameters filled in. */
  url(operation: OperationId, params: Record<string, string> = {}, query: Query = {}): URL {
    const path = operations[operation].path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
      return encodeURIComponent(value);
    });
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** The `ws:`/`wss:` URL of a WebSocket operation, with the token as `access_token` (browsers cannot set headers). */
  webSocketUrl(operation: OperationId, params: Record<string, string> = {}, query: Query = {}): URL {
    const url = this.url(operation, params, { ...query, access_token: this.token });
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url;
  }

  /** Sends the request and returns the 2xx response (body unread). */
  async send(operation: OperationId, spec: RequestSpec = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers, ...(spec.headers ?? {}) };
    let body: BodyInit | ReadableStream<Uint8Array> | undefined = spec.body;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers["Content-Type"] = "application/json";
    } else if (spec.contentType) {
      headers["Content-Type"] = spec.contentType;
    }
    const init: RequestInit & { duplex?: "half" } = {
      method: operations[operation].method,
      headers,
      body: body as BodyInit | undefined,
      signal: spec.signal,
    };
    // A streamed request body needs half-duplex mode (Node's fetch and browsers ask for it).
    if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) init.duplex = "half";
    const response = await this.fetchImpl(this.url(operation, spec.params, spec.query), init);
    if (!response.ok) throw await SandboxAgentError.fromResponse(response);
    return response;
  }

  /** Sends the request and parses the JSON answer (`undefined` for 204). */
  async json<T>(operation: OperationId, spec: RequestSpec = {}): Promise<T> {
    const response = await this.send(operation, spec);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

/** A controller that aborts when `signal` does (at once if it already has). */
export function linkedController(signal?: AbortSignal): AbortController {
  const controller = new AbortController();
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller;
}
