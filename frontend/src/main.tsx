import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApolloProvider } from '@apollo/client/react';
import { Alert, CssBaseline, ThemeProvider } from '@mui/material';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { AuthGate } from './auth/AuthGate';
import { AccessProvider } from './auth/access';
import { loadConsoleSettings, type ConsoleSettings } from './auth/settings';
import { apolloClient } from './app/apollo';
import { routes } from './app/routes';
import { theme } from './app/theme';

function Console() {
  const [settings, setSettings] = useState<ConsoleSettings | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    loadConsoleSettings().then(setSettings, (e: unknown) => setFailure(String(e)));
  }, []);
  if (failure) {
    return <Alert severity="error" sx={{ m: 4 }}>The console could not reach the service: {failure}</Alert>;
  }
  if (!settings) {
    return null;
  }
  return (
    <AuthGate settings={settings}>
      <SignedInConsole />
    </AuthGate>
  );
}

/** Created once signed in, so the subscription socket's first connection_init already carries the token. */
function SignedInConsole() {
  const client = apolloClient();
  const router = useMemo(() => createBrowserRouter(routes), []);
  return (
    <ApolloProvider client={client}>
      <AccessProvider>
        <RouterProvider router={router} />
      </AccessProvider>
    </ApolloProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <LocalizationProvider dateAdapter={AdapterDayjs}>
        <CssBaseline />
        <Console />
      </LocalizationProvider>
    </ThemeProvider>
  </StrictMode>,
);
