import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { Alert, Box, Button, CircularProgress, Paper, Stack, Typography } from '@mui/material';
import type { ConsoleSettings } from './settings';
import { setTokenSource } from './tokens';
import { reconnectSocket } from '../app/apollo';

/**
 * Signs the user in before the console renders. In LOCAL mode there is nothing to do. In OIDC mode
 * it runs the authorization code flow with PKCE (oidc-client-ts; RFC 7636) against the configured
 * issuer, keeps the tokens in session storage, renews them silently before they expire, and hands
 * the access token to the GraphQL links.
 */
export function AuthGate({ settings, children }: { settings: ConsoleSettings; children: ReactNode }) {
  const manager = useMemo(() => {
    if (settings.mode !== 'OIDC' || !settings.issuer || !settings.clientId) {
      return null;
    }
    return new UserManager({
      authority: settings.issuer,
      client_id: settings.clientId,
      redirect_uri: `${window.location.origin}/`,
      post_logout_redirect_uri: `${window.location.origin}/`,
      response_type: 'code',
      scope: settings.scope,
      automaticSilentRenew: true,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
  }, [settings]);

  if (settings.mode === 'LOCAL') {
    return <>{children}</>;
  }
  if (!manager) {
    return (
      <Alert severity="error" sx={{ m: 4 }}>
        The service is in OIDC mode but names no console client: set DISTRIBUTOR_CONSOLE_OIDC_CLIENT_ID
        (README, &quot;Configuration&quot;).
      </Alert>
    );
  }
  return (
    <AuthProvider
      userManager={manager}
      onSigninCallback={() => {
        // Drop ?code=&state= from the address bar once the tokens are in.
        window.history.replaceState({}, document.title, window.location.pathname);
      }}
    >
      <SignedIn manager={manager}>{children}</SignedIn>
    </AuthProvider>
  );
}

function SignedIn({ manager, children }: { manager: UserManager; children: ReactNode }) {
  const auth = useAuth();
  useEffect(() => {
    setTokenSource(async () => (await manager.getUser())?.access_token ?? null);
    // A renewed token reaches the subscription socket only when it connects again.
    manager.events.addUserLoaded(reconnectSocket);
    return () => manager.events.removeUserLoaded(reconnectSocket);
  }, [manager]);

  if (auth.isLoading || auth.activeNavigator) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <CircularProgress aria-label="Signing in" />
      </Box>
    );
  }
  if (!auth.isAuthenticated) {
    return (
      <Box component="main" sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Paper sx={{ p: 4, maxWidth: 420 }}>
          <Stack spacing={2}>
            <Typography variant="h1" sx={{ fontSize: 28 }}>
              Distributor
            </Typography>
            <Typography>Sign in with your organisation&apos;s account to manage packages and rollouts.</Typography>
            {auth.error && <Alert severity="error">Sign-in failed: {auth.error.message}</Alert>}
            <Button variant="contained" onClick={() => void auth.signinRedirect()}>
              Sign in
            </Button>
          </Stack>
        </Paper>
      </Box>
    );
  }
  const signOut = () => void auth.signoutRedirect().catch(() => auth.removeUser());
  return <SignOutContext.Provider value={signOut}>{children}</SignOutContext.Provider>;
}

const SignOutContext = createContext<(() => void) | null>(null);

/** Signs out at the provider too (RP-initiated logout); null in LOCAL mode, where nobody signs in. */
export function useSignOut(): (() => void) | null {
  return useContext(SignOutContext);
}
