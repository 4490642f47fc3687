// The wire types the client's methods take and return: `import SandboxAgentClient` is enough to use them.
@_exported public import SandboxAgentAPI
