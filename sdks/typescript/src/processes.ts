import type {
  LogStreamQuery, ProcessConfig, ProcessCreateRequest, ProcessInfo, ProcessInputResponse, ProcessListResponse,
  ProcessLogEntry, ProcessLogsResponse, ProcessOwner, ProcessRunRequest, ProcessRunResponse, TerminalSize,
} from "./generated/schemas.js";
import type { CallOptions, Transport } from "./http.js";
import { parseServerSentEvents } from "./sse.js";
import { HandshakeFailed, Terminal } from "./terminal.js";
import { toBase64 } from "./base64.js";

/** Query of `logs` and `followLogs`. */
export interface LogQuery {
  stream?: LogStreamQuery;
  /** Only the last N entries. */
  tail?: number;
  /** Only entries with a `sequence` above this. */
  since?: number;
}

/** One item of `followLogs`: an output chunk, or the process info once it has exited (the last item). */
export type LogStreamItem = { type: "log"; entry: ProcessLogEntry } | { type: "exit"; process: ProcessInfo };

/** Processes on the server (`/v1/processes`): one-shot runs, long-lived ones, logs, input and terminals. */
export class Processes {
  constructor(private readonly transport: Transport) {}

  config(options: CallOptions = {}): Promise<ProcessConfig> {
    return this.transport.json("getProcessConfig", options);
  }

  setConfig(config: ProcessConfig, options: CallOptions = {}): Promise<ProcessConfig> {
    return this.transport.json("setProcessConfig", { json: config, ...options });
  }

  /** Runs a command to completion and returns its output. */
  run(request: ProcessRunRequest, options: CallOptions = {}): Promise<ProcessRunResponse> {
    return this.transport.json("runProcess", { json: request, ...options });
  }

  /** Starts a long-lived process. */
  start(request: ProcessCreateRequest, options: CallOptions = {}): Promise<ProcessInfo> {
    return this.transport.json("createProcess", { json: request, ...options });
  }

  list(query: { owner?: ProcessOwner } = {}, options: CallOptions = {}): Promise<ProcessListResponse> {
    return this.transport.json("listProcesses", { query, ...options });
  }

  get(id: string, options: CallOptions = {}): Promise<ProcessInfo> {
    return this.transport.json("getProcess", { params: { id }, ...options });
  }

  /** Forgets an exited process. */
  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.transport.json("deleteProcess", { params: { id }, ...options });
  }

  /** Sends SIGTERM; with `waitMs` waits that long for the exit. */
  stop(id: string, query: { waitMs?: number } = {}, options: CallOptions = {}): Promise<ProcessInfo> {
    return this.transport.json("stopProcess", { params: { id }, query, ...options });
  }

  /** Sends SIGKILL; with `waitMs` waits that long for the exit. */
  kill(id: string, query: { waitMs?: number } = {}, options: CallOptions = {}): Promise<ProcessInfo> {
    return this.transport.json("killProcess", { params: { id }, query, ...options });
  }

  /** The buffered output. */
  logs(id: string, query: LogQuery = {}, options: CallOptions = {}): Promise<ProcessLogsResponse> {
    return this.transport.json("getProcessLogs", { params: { id }, query, ...options });
  }

  /** The buffered output, then live output, ending with `{ type: "exit" }` when the process has exited. */
  async *followLogs(id: string, query: LogQuery = {}, options: CallOptions = {}): AsyncGenerator<LogStreamItem> {
    const response = await this.transport.send("getProcessLogs", {
      params: { id }, query: { ...query, follow: true }, headers: { Accept: "text/event-stream" }, ...options,
    });
    for await (const event of parseServerSentEvents(response.body!, options.signal)) {
      if (event.event === "exit") {
        yield { type: "exit", process: JSON.parse(event.data) as ProcessInfo };
        return;
      }
      yield { type: "log", entry: JSON.parse(event.data) as ProcessLogEntry };
    }
  }

  /** Writes to the process's stdin (or PTY). */
  input(id: string, data: string | Uint8Array, options: CallOptions = {}): Promise<ProcessInputResponse> {
    const body = typeof data === "string" ? { data, encoding: "utf8" } : { data: toBase64(data), encoding: "base64" };
    return this.transport.json("writeProcessInput", { params: { id }, json: body, ...options });
  }

  resize(id: string, size: TerminalSize, options: CallOptions = {}): Promise<TerminalSize> {
    return this.transport.json("resizeProcessTerminal", { params: { id }, json: size, ...options });
  }

  /**
   * Opens the terminal WebSocket of a tty process; resolves once the server said `ready`.
   *
   * The server can upgrade only a fresh connection: a handshake sent on a kept-alive connection
   * (Node's WebSocket shares fetch's connection pool) is answered with a redirect that closes the
   * connection, which WebSocket clients report as a failure. So a failed handshake is retried
   * (each retry has one pooled connection fewer); the process is checked first, so an unknown id
   * or a process without a tty is the server's error.
   */
  async terminal(id: string, options: CallOptions = {}): Promise<Terminal> {
    const WebSocketImpl = this.transport.WebSocket;
    if (!WebSocketImpl) throw new TypeError("no WebSocket implementation: pass `WebSocket` to SandboxAgent.connect");
    const info = await this.get(id, options);
    if (!info.tty) throw new TypeError(`process ${id} has no tty (start it with tty: true)`);
    const url = this.transport.webSocketUrl("connectProcessTerminal", { id });
    for (let attempt = 1; ; attempt++) {
      try {
        return await Terminal.open(new WebSocketImpl(url.toString()), options.signal, async () => {
          const process = await this.get(id);
          return process.status === "exited" ? process.exitCode ?? null : null;
        });
      } catch (error) {
        if (!(error instanceof HandshakeFailed) || attempt >= 16 || options.signal?.aborted) throw error;
      }
    }
  }
}

