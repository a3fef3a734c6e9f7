/**
 * A real OpenID Connect provider on loopback for tests and the browser tests' demo (oauth2-mock-server:
 * discovery, authorization code flow with PKCE, signed ID tokens, userinfo). Its authorization endpoint
 * answers at once with a code (no login form), for the user set last with `setUser` or
 * `POST /_test/user` (JSON claims): that is how tests choose who logs in and with which groups.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Events, OAuth2Server } from "oauth2-mock-server";

/** The claims the provider reports for the user who logs in next. */
export interface MockUser {
  sub: string;
  preferred_username: string;
  name?: string;
  email?: string;
  groups: string[];
}

export const DEFAULT_MOCK_USER: MockUser = {
  sub: "sub-tester",
  preferred_username: "tester",
  name: "Test User",
  email: "tester@example.com",
  groups: ["packager"],
};

/** A running mock provider. */
export interface MockOidc {
  /** The issuer URL (`OIDC_ISSUER`), e.g. `http://127.0.0.1:3345`. */
  issuer: string;
  server: OAuth2Server;
  setUser(user: MockUser): void;
  close(): Promise<void>;
}

/** Starts the provider on 127.0.0.1 (`port` 0 = any free port). */
export async function startMockOidc(port = 0): Promise<MockOidc> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  let user: MockUser = DEFAULT_MOCK_USER;
  // Fedora Accounts sends the groups (and names) in both the ID token and userinfo.
  server.service.on(Events.BeforeTokenSigning, (token) => {
    Object.assign(token.payload, user);
  });
  server.service.on(Events.BeforeUserinfo, (response) => {
    response.body = { ...user };
  });
  server.service.addRoute(
    "POST",
    "/_test/user",
    (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
      user = { ...DEFAULT_MOCK_USER, ...(req.body as Partial<MockUser>) };
      res.writeHead(204).end();
    },
  );
  await server.start(port, "127.0.0.1");
  const address = server.address();
  const issuer = `http://127.0.0.1:${address.port}`;
  server.issuer.url = issuer;
  return {
    issuer,
    server,
    setUser: (next) => (user = next),
    close: () => server.stop(),
  };
}
