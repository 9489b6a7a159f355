/**
 * Where the GraphQL links get the current access token. The sign-in layer registers a source;
 * HTTP requests and every (re)connection of the subscription socket ask it again, so a renewed
 * token is used after a reconnect.
 */
type TokenSource = () => Promise<string | null>;

let source: TokenSource = async () => null;

export function setTokenSource(next: TokenSource): void {
  source = next;
}

export function currentToken(): Promise<string | null> {
  return source();
}

/** The `Authorization` entry for HTTP headers and the graphql-ws `connection_init` payload. */
export async function authorization(): Promise<Record<string, string>> {
  const token = await currentToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}
