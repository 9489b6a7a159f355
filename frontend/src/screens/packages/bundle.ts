import { currentToken } from '../../auth/tokens';

/** The REST address of a version's bundle: manifest.json and every file, as one zip (VersionResource). */
export function bundleUrl(packageName: string, version: string): string {
  return `/api/packages/${encodeURIComponent(packageName)}/versions/${encodeURIComponent(version)}/bundle`;
}

/**
 * Downloads the bundle. A plain link cannot carry the bearer token, so when signed in the bytes are
 * fetched with it and handed to the browser as a file; in local mode (no token) the link is followed
 * as is. Returns false when the caller should let the link do its work.
 */
export async function downloadWithToken(url: string, fallbackName: string): Promise<boolean> {
  const token = await currentToken();
  if (!token) {
    return false;
  }
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) {
    throw new Error(`The bundle could not be downloaded: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const objectUrl = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = objectUrl;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  return true;
}
