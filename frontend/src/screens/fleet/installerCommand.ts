/**
 * The one line an operator runs as root on a host to install the agent and register it with an
 * activation, as the README documents it: the service serves the installer at /agent/install.sh
 * with its own URL written in, so the host only needs the activation's id and code.
 */
export function installerCommand(serviceUrl: string, activation: { id: string; code: string }): string {
  const installer = `${serviceUrl.replace(/\/+$/, '')}/agent/install.sh`;
  return (
    `curl -fsSL ${shellWord(installer)} | sh -s -- ` +
    `--activation-id ${shellWord(activation.id)} --activation-code ${shellWord(activation.code)}`
  );
}

/** A word the shell passes on unchanged: as is when it has nothing special in it, else single-quoted. */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) {
    return word;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
