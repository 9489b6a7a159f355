// CONTROL_URL: what ConsoleE2EIT lets the browser test do to the world around the console (ConsoleControl.java).

const CONTROL_URL = process.env.CONTROL_URL;

export function hasControl() {
  return Boolean(CONTROL_URL);
}

/** SIGKILLs the service and starts it again on the same port; resolves once it is ready, with { downMs }. */
export async function restartService() {
  const answer = await fetch(`${CONTROL_URL}/restart`, { method: 'POST' });
  const body = await answer.json();
  if (!answer.ok) {
    throw new Error(`restart failed (${answer.status}): ${body.error}`);
  }
  return body;
}

/** The simulated hosts: [{ hostname, instanceId, outcome: 'succeeds' | 'fails' }]. */
export async function fleet() {
  const answer = await fetch(`${CONTROL_URL}/fleet`);
  if (!answer.ok) {
    throw new Error(`GET /fleet answered ${answer.status}`);
  }
  return answer.json();
}
