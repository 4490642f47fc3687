import type { TerminalClientFrame, TerminalServerFrame } from "./generated/schemas.js";
import { toBase64 } from "./base64.js";

/**
 * The terminal WebSocket of a tty process: raw PTY output arrives as bytes (`onData`), input and
 * resizes go as text frames. `exited` resolves with the exit code (null after a signal, or when
 * the socket closed while the process still runs).
 */
export class Terminal {
  /** The process id the server confirmed. */
  processId = "";
  /** Resolves when the process exits or the socket closes. */
  readonly exited: Promise<number | null>;
  private readonly listeners = new Set<(data: Uint8Array) => void>();
  private resolveExit!: (code: number | null) => void;
  private closing = false;

  private constructor(private readonly socket: WebSocket) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  /**
   * Waits for the `ready` frame (or fails on an error frame, a close, or `signal`). When the
   * server closes the socket without an `exit` frame, `exitCode` asks the server instead: Node's
   * WebSocket (undici) can drop a compressed last message that the close follows at once.
   */
  static open(socket: WebSocket, signal?: AbortSignal, exitCode?: () => Promise<number | null>): Promise<Terminal> {
    socket.binaryType = "arraybuffer";
    const terminal = new Terminal(socket);
    return new Promise((resolve, reject) => {
      const abort = () => { socket.close(); reject(signal?.reason ?? new Error("aborted")); };
      signal?.addEventListener("abort", abort, { once: true });
      socket.addEventListener("message", (message: MessageEvent) => {
        if (typeof message.data !== "string") {
          const bytes = new Uint8Array(message.data as ArrayBuffer);
          for (const listener of terminal.listeners) listener(bytes);
          return;
        }
        const frame = JSON.parse(message.data) as TerminalServerFrame;
        if (frame.type === "ready") {
          terminal.processId = frame.processId;
          signal?.removeEventListener("abort", abort);
          resolve(terminal);
        } else if (frame.type === "exit") {
          terminal.resolveExit(frame.exitCode ?? null);
        } else if (frame.type === "error") {
          reject(new Error(`terminal error: ${frame.message}`));
        }
      });
      let opened = false;
      socket.addEventListener("open", () => { opened = true; });
      const fail = () => {
        if (opened && !terminal.closing && exitCode) exitCode().then((code) => terminal.resolveExit(code), () => terminal.resolveExit(null));
        else terminal.resolveExit(null);
        reject(opened ? new Error("terminal WebSocket closed before it was ready") : new HandshakeFailed());
      };
      socket.addEventListener("close", fail);
      socket.addEventListener("error", fail);
    });
  }

  /** Subscribes to PTY output; returns the unsubscribe function. */
  onData(listener: (data: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Types text (or raw bytes) into the terminal. */
  write(data: string | Uint8Array): void {
    if (typeof data === "string") this.send({ type: "input", data, encoding: "utf8" });
    else this.send({ type: "input", data: toBase64(data), encoding: "base64" });
  }

  resize(cols: number, rows: number): void {
    this.send({ type: "resize", cols, rows });
  }

  /** Closes the socket (the process keeps running). */
  close(): void {
    this.closing = true;
    if (this.socket.readyState === this.socket.OPEN) this.send({ type: "close" });
    this.socket.close();
  }

  private send(frame: TerminalClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }
}

/** The WebSocket handshake did not succeed (no `open` event). */
export class HandshakeFailed extends Error {
  constructor() {
    super("terminal WebSocket handshake failed");
    this.name = "HandshakeFailed";
  }
}
