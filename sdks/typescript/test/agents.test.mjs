import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SandboxAgentError } from "../dist/index.js";
import { serverAndClient, agentDistribution } from "./server.mjs";

let distribution;
let server;
let sdk;

before(async () => {
  distribution = await agentDistribution();
  ({ server, sdk } = await serverAndClient(["--storage", "memory"], distribution.env));
});
after(async () => {
  await server.stop();
  distribution.stop();
});

test("install reports its steps to onProgress, then answers the result", async () => {
  const steps = [];
  const result = await sdk.agents.install("claude", {}, { onProgress: (step) => steps.push(step) });
  assert.equal(result.already_installed, false);
  assert.equal(result.artifacts[0].version, "2.1.400");
  const phases = steps.map((s) => s.phase);
  assert.equal(phases[0], "resolving", JSON.stringify(steps));
  assert.equal(phases.at(-1), "unpacking", JSON.stringify(steps));
  const downloads = steps.filter((s) => s.phase === "downloading");
  assert.ok(downloads.length > 0 && downloads.at(-1).receivedBytes === downloads.at(-1).totalBytes, JSON.stringify(downloads));
  assert.equal((await sdk.agents.get("claude")).installed, true);

  // Installed already: no steps, the result says so.
  const again = [];
  assert.equal((await sdk.agents.install("claude", {}, { onProgress: (step) => again.push(step) })).already_installed, true);
  assert.deepEqual(again, []);
});

test("an install that fails mid-stream rejects with the typed error", async () => {
  const steps = [];
  await assert.rejects(sdk.agents.install("codex", { agentVersion: "9.9.9" }, { onProgress: (step) => steps.push(step) }),
    (error) => error instanceof SandboxAgentError && error.status === 404 && error.code === "agent_version_not_found");
  assert.equal(steps[0]?.phase, "resolving");
  await assert.rejects(sdk.agents.install("nope", {}, { onProgress: () => {} }),
    (error) => error instanceof SandboxAgentError && error.status === 400 && error.code === "unsupported_agent");
});
