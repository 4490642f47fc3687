// Starts the real sandbox-agent binary for the SDK tests: $SANDBOX_AGENT_BIN, else the debug build
// of this checkout. Each server has its own data directory, a token and an ephemeral port.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const binary = process.env.SANDBOX_AGENT_BIN ?? join(root, ".build/debug/sandbox-agent");
export const repositoryRoot = root;

export class Server {
  constructor({ token = "sdk-test-token", args = [], dataDir, env = {} } = {}) {
    this.token = token;
    this.args = args;
    this.env = env;
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), "sa-sdk-ts-"));
    this.port = 0;
  }

  /** Starts the server (on the same port as before when restarted) and waits for its URL. */
  async start() {
    const env = { ...process.env, ...this.env };
    delete env.SANDBOX_AGENT_TOKEN;
    this.child = spawn(binary, ["server", "--port", String(this.port), "--data-dir", this.dataDir, "--token", this.token, ...this.args],
      { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    this.child.stderr.on("data", (chunk) => { stderr = (stderr + chunk).slice(-4000); });
    const lines = createInterface({ input: this.child.stdout });
    const exited = new Promise((resolve) => { this.child.once("exit", resolve); this.child.once("error", (e) => resolve(e.message)); });
    const url = await Promise.race([
      (async () => {
        for await (const line of lines) { const m = /listening on (http:\/\/\S+)/.exec(line); if (m) return m[1]; }
        throw new Error(`server closed stdout before listening: ${stderr}`);
      })(),
      exited.then((code) => { throw new Error(`server exited (${code}) before listening: ${stderr}`); }),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`server did not start in 60 s: ${stderr}`)), 60_000).unref()),
    ]);
    this.url = url;
    this.port = Number(new URL(url).port);
    return this;
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Polls `check` until it returns a truthy value or `ms` pass. */
export async function eventually(check, ms = 30_000, what = "condition") {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A started server (memory storage unless `args` say otherwise) and a connected client. */
export async function serverAndClient(args = ["--storage", "memory"], env = {}) {
  const { SandboxAgent } = await import("../dist/index.js");
  const server = await new Server({ args, env }).start();
  const sdk = await SandboxAgent.connect({ baseUrl: server.url, token: server.token });
  return { server, sdk };
}

/**
 * The local stand-in for npm, GitHub releases and the ACP registry (Tests/Fixtures/agent-distribution-server),
 * with the variables that point a server's installer at it.
 */
export async function agentDistribution() {
  const child = spawn("python3", [join(root, "Tests/Fixtures/agent-distribution-server"), "--acp-agent", "/bin/true", "--port", "0"],
    { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const m = /listening on (http:\/\/\S+)/.exec(line);
    if (!m) continue;
    const base = m[1];
    return {
      env: { SANDBOX_AGENT_NPM_REGISTRY_URL: `${base}/npm`, SANDBOX_AGENT_GITHUB_API_URL: `${base}/github`, SANDBOX_AGENT_ACP_REGISTRY_URL: `${base}/registry.json` },
      stop: () => child.kill("SIGTERM"),
    };
  }
  throw new Error("agent-distribution-server closed stdout before listening");
}
