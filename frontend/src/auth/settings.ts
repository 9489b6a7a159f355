/**
 * How the console signs in, as the service describes it at `GET /api/console/settings`:
 * `LOCAL` (DISTRIBUTOR_LOCAL_MODE: no sign-in, every caller is the local admin) or `OIDC`
 * (authorization code flow with PKCE against `issuer`, as the public client `clientId`).
 */
export interface ConsoleSettings {
  mode: 'LOCAL' | 'OIDC';
  issuer: string | null;
  clientId: string | null;
  scope: string;
}

export async function loadConsoleSettings(fetcher: typeof fetch = fetch): Promise<ConsoleSettings> {
  const response = await fetcher('/api/console/settings', { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`The service answered ${response.status} for /api/console/settings`);
  }
  return (await response.json()) as ConsoleSettings;
}
