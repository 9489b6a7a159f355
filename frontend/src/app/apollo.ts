import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client } from 'graphql-ws';
import { authorization } from '../auth/tokens';

/** The socket's state, for the connection banner: the page tells the user when live updates stop. */
export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';
type Listener = (state: LiveState) => void;
const listeners = new Set<Listener>();
let liveState: LiveState = 'connecting';

function setLiveState(next: LiveState): void {
  liveState = next;
  listeners.forEach((listener) => listener(next));
}

export function subscribeLiveState(listener: Listener): () => void {
  listeners.add(listener);
  listener(liveState);
  return () => listeners.delete(listener);
}

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

/**
 * The graphql-ws client (protocol `graphql-transport-ws`, what SmallRye GraphQL serves at
 * /graphql). It retries for ever with graphql-ws' randomised exponential backoff, capped here at
 * 5 s so a restarted service is found again quickly; `connectionParams` is a function, so every
 * reconnect carries the token current at that moment. graphql-ws re-sends a subscription with the
 * variables it started with, so the screens that follow a stream (rollouts/useRolloutProgress,
 * fleet/useTargetEventStream) subscribe again themselves from the last `seq` they applied.
 */
export function createSocket(): Client {
  return createClient({
    url: socketUrl(),
    connectionParams: authorization,
    // Connected from the start, so the title bar's Live chip tells the truth before any screen subscribes.
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      const base = Math.min(5000, 250 * 2 ** retries);
      await new Promise((resolve) => setTimeout(resolve, base / 2 + Math.random() * (base / 2)));
    },
    // A close graphql-ws does not retry (the service's 4401/1008 for a token that expired without renewal): say so
    // in the title bar instead of graphql-ws' default console.error; signing in again starts over.
    onNonLazyError: () => setLiveState('stopped'),
    on: {
      connecting: (isRetry) => setLiveState(isRetry ? 'reconnecting' : 'connecting'),
      connected: () => setLiveState('connected'),
      closed: () => setLiveState('reconnecting'),
    },
  });
}

/**
 * The cache with the console's identities (a package by name, a version by package and version, a target by instance
 * id). Tests build theirs with it too, so a query that leaves out a key field fails there as it would here.
 */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Package: { keyFields: ['name'] },
      PackageVersion: { keyFields: ['packageName', 'version'] },
      Target: { keyFields: ['instanceId'] },
    },
  });
}

let socket: Client | null = null;
let client: ApolloClient | null = null;

/**
 * The console's one Apollo client, made on first use (after sign-in) and kept: React StrictMode runs memos twice in
 * development, and a second client would open a second socket that nobody closes.
 */
export function apolloClient(): ApolloClient {
  client ??= createApolloClient();
  return client;
}

/**
 * Closes the subscription socket with graphql-ws' retryable 4499, so it connects again at once with the token current
 * now. Called when the sign-in layer renews the token: the service ends a socket whose token expires. The screens
 * resume their streams from the last seq they applied.
 */
export function reconnectSocket(): void {
  socket?.terminate();
}

/** One Apollo client: queries and mutations over HTTP, subscriptions over the socket (a split link). */
function createApolloClient(): ApolloClient {
  const http = new HttpLink({ uri: '/graphql' });
  const auth = new SetContextLink(async (prevContext) => ({
    headers: { ...(prevContext.headers as Record<string, string> | undefined), ...(await authorization()) },
  }));
  socket = createSocket();
  const ws = new GraphQLWsLink(socket);
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    ws,
    auth.concat(http),
  );
  return new ApolloClient({
    link,
    cache: createCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
