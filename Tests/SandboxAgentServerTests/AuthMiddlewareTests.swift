import Testing

@testable import SandboxAgentServer

@Suite("Token comparison")
struct AuthMiddlewareTests {
    @Test(arguments: [
        ("secret", "secret", true),
        ("secret", "secreT", false),
        ("secret", "secret2", false),
        ("secret", "", false),
        ("", "", true),
    ])
    func constantTimeEqual(lhs: String, rhs: String, equal: Bool) {
        #expect(AuthMiddleware.constantTimeEqual(Array(lhs.utf8), Array(rhs.utf8)) == equal)
    }
}
