// The TypeScript examples of docs/examples compile against the SDK's declarations and run against
// the real server with the mock agent and a stub model.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { serverAndClient, repositoryRoot } from "./server.mjs";

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "sa-sdk-examples-"));
let server;
let sdk;

before(async () => {
  mkdirSync(join(work, "node_modules/@sandbox-agent"), { recursive: true });
  symlinkSync(join(repositoryRoot, "sdks/typescript"), join(work, "node_modules/@sandbox-agent/sdk"));
  // Compiled here so that `@sandbox-agent/sdk` resolves to this checkout's package.
  for (const name of ["approve-tools.ts", "computer-use-loop.ts"]) symlinkSync(join(repositoryRoot, "docs/examples", name), join(work, name));
  // @types/node is not packaged by Debian: the few Node globals the examples use are declared here.
  writeFileSync(join(work, "node-globals.d.ts"), `declare const process: { env: Record<string, string | undefined>; argv: string[];
    cwd(): string; stdout: { write(text: string): boolean } };`);
  writeFileSync(join(work, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", module: "ES2022", moduleResolution: "node", lib: ["ES2022", "DOM"], strict: true, outDir: "out", skipLibCheck: true },
    files: ["node-globals.d.ts", "approve-tools.ts", "computer-use-loop.ts"],
  }));
  await run("tsc", ["-p", work]);
  writeFileSync(join(work, "out/package.json"), JSON.stringify({ type: "module" }));
  ({ server, sdk } = await serverAndClient());
});
after(async () => {
  await sdk?.desktop.stop().catch(() => undefined);
  await server.stop();
});

const env = () => ({ ...process.env, SANDBOX_AGENT_URL: server.url, SANDBOX_AGENT_TOKEN: server.token });

test("approve-tools: the allowed command is approved, the other rejected", async () => {
  const { stdout } = await run("node", [join(work, "out/approve-tools.js")], { env: env(), cwd: work, timeout: 120_000 });
  assert.match(stdout, /\[permission\] `echo hello` -> approved/);
  assert.match(stdout, /\[permission\] `rm -rf \/` -> rejected/);
  assert.match(stdout, /Approved\./);
  assert.match(stdout, /Rejected\./);
  assert.equal(stdout.match(/\[turn ended: end_turn\]/g).length, 2);
});

test("computer-use-loop: the stub model's click lands on the desktop", async () => {
  await sdk.desktop.start({ width: 1280, height: 800, displayNum: 300 + Math.floor(Math.random() * 500) });
  const { stdout } = await run("node", [join(work, "out/computer-use-loop.js")], { env: { ...env(), ANTHROPIC_API_KEY: "" }, cwd: work, timeout: 120_000 });
  assert.equal(stdout.match(/^action:/gm).length, 3);
  assert.match(stdout, /Done\./);
  const position = await sdk.desktop.mousePosition();
  assert.deepEqual([position.x, position.y], [640, 400]);
});
