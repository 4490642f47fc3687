// The SDK in a real browser: headless Chromium loads dist/index.js as an ES module from a page on
// another origin (the server allows it with --cors-allow-origin) and drives the server with the
// browser's own fetch, streams and WebSocket: connect, a prompt followed through onEvent and the
// event iterator, a file written from a Blob and read back, a terminal. Chromium is driven over
// its DevTools protocol (Runtime.evaluate) with Node's WebSocket.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Server } from "./server.mjs";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const chromiumPath = process.env.CHROMIUM_BIN ?? "chromium";
let site;
let server;
let chromium;
let profile;

/** The page: imports the SDK and runs `scenario` with the server's URL and token from its query. */
const page = `<!doctype html><meta charset="utf-8"><title>sdk</title>
<script type="module">
import { SandboxAgent } from "/dist/index.js";
const query = new URLSearchParams(location.search);
window.scenario = (async () => {
  const sdk = await SandboxAgent.connect({ baseUrl: query.get("server"), token: query.get("token") });
  const session = await sdk.createSession({ agent: "mock" });
  const seen = [];
  const stop = session.onEvent((event) => seen.push(event));
  const { stopReason } = await session.prompt([{ type: "text", text: "hello from the browser" }]);
  let streamed = "";
  const controller = new AbortController();
  for await (const event of sdk.sessions.stream(session.id, { signal: controller.signal })) {
    const update = event.payload.params?.update;
    if (update?.sessionUpdate === "agent_message_chunk") streamed += update.content.text;
    if (event.payload.result?.stopReason) controller.abort();
  }
  while (!seen.some((event) => event.payload.result?.stopReason)) await new Promise((r) => setTimeout(r, 20));
  stop();
  const path = "/tmp/sa-sdk-browser-" + Date.now() + ".txt";
  // Chromium sends a ReadableStream request body only over HTTP/2 or QUIC (the server speaks
  // HTTP/1.1): it fails before sending. A Blob (or a File from an <input>) is the browser's way.
  const streamError = await sdk.fs.write(path, new Blob(["x"]).stream()).then(() => "sent", (error) => error.name);
  const written = await sdk.fs.write(path, new Blob(["streamed ", "from ", "Chromium"]));
  const readBack = await sdk.fs.readText(path);
  await sdk.fs.delete(path);
  const shell = await sdk.processes.start({ command: "sh", tty: true });
  const terminal = await sdk.processes.terminal(shell.id);
  let output = "";
  terminal.onData((bytes) => { output += new TextDecoder().decode(bytes); });
  terminal.write("echo browser=$((6*7)); exit 5\\n");
  const exitCode = await terminal.exited;
  return { streamError, stopReason, onEventFirst: seen[0]?.payload.method, streamed, written: written.bytesWritten, readBack,
           terminal: output.includes("browser=42"), exitCode, userAgent: navigator.userAgent };
})().then((value) => ({ value }), (error) => ({ error: String(error?.stack ?? error) }));
</script>`;

before(async () => {
  site = createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    if (url.pathname === "/") {
      response.writeHead(200, { "Content-Type": "text/html" });
      return response.end(page);
    }
    const file = normalize(join(packageRoot, url.pathname));
    if (!file.startsWith(join(packageRoot, "dist"))) { response.writeHead(404); return response.end(); }
    try {
      const text = readFileSync(file);
      response.writeHead(200, { "Content-Type": "text/javascript" });
      response.end(text);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${site.address().port}`;
  server = await new Server({ args: ["--storage", "memory", "--cors-allow-origin", origin] }).start();
  profile = mkdtempSync(join(tmpdir(), "sa-sdk-chromium-"));
  chromium = spawn(chromiumPath, ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  chromium.once("error", (error) => { throw new Error(`${chromiumPath} did not start (scripts/install-deps.sh --test installs chromium): ${error.message}`); });
});

after(async () => {
  if (chromium && chromium.exitCode === null) {
    const exited = new Promise((resolve) => chromium.once("exit", resolve));
    // Chromium runs in a process group of its own (`detached`): its helper processes, which
    // otherwise outlive it and keep writing the profile (CI saw ENOTEMPTY), end with it.
    process.kill(-chromium.pid, "SIGKILL");
    await exited;
  }
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  await server?.stop();
  site?.close();
});

/** The DevTools WebSocket URL Chromium prints on stderr. */
async function devToolsUrl() {
  let text = "";
  for await (const chunk of chromium.stderr) {
    text += chunk;
    const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
    if (match) return match[1];
  }
  throw new Error(`chromium exited before listening: ${text.slice(-2000)}`);
}

/** A DevTools protocol session over one WebSocket: `send(method, params, sessionId)` resolves with the result. */
async function devTools(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = () => reject(new Error(`cannot open ${url}`)); });
  let nextId = 1;
  const pending = new Map();
  socket.onmessage = (message) => {
    const reply = JSON.parse(message.data);
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(new Error(JSON.stringify(reply.error)));
    else waiter.resolve(reply.result);
  };
  return {
    send: (method, params = {}, sessionId) => new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params, sessionId }));
    }),
    close: () => socket.close(),
  };
}

test("browser: the SDK runs in headless Chromium against the server (fetch, streams, WebSocket, CORS)", { timeout: 120_000 }, async () => {
  const browser = await devTools(await devToolsUrl());
  try {
    const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await browser.send("Target.attachToTarget", { targetId, flatten: true });
    await browser.send("Page.enable", {}, sessionId);
    const query = new URLSearchParams({ server: server.url, token: server.token });
    await browser.send("Page.navigate", { url: `http://127.0.0.1:${site.address().port}/?${query}` }, sessionId);
    // The module script sets window.scenario once it has loaded; wait for it, then for its promise.
    const deadline = Date.now() + 60_000;
    let outcome;
    while (!outcome) {
      const { result } = await browser.send("Runtime.evaluate",
        { expression: "window.scenario ?? null", awaitPromise: true, returnByValue: true }, sessionId);
      if (result.value) outcome = result.value;
      else if (Date.now() > deadline) throw new Error("the page's module did not load in 60 s");
      else await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(outcome.error, undefined, outcome.error);
    const value = outcome.value;
    assert.match(value.userAgent, /HeadlessChrome|Chrome/);
    assert.equal(value.stopReason, "end_turn");
    assert.equal(value.onEventFirst, "session/prompt");
    assert.match(value.streamed, /hello from the browser/);
    assert.deepEqual([value.written, value.readBack, value.streamError], [22, "streamed from Chromium", "TypeError"]);
    assert.deepEqual([value.terminal, value.exitCode], [true, 5]);
  } finally {
    browser.close();
  }
});
