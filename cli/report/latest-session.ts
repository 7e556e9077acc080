/** The word that names the newest session instead of its id (`pg-autotune report latest`). */
export const LATEST_SESSION = 'latest';

/** Whether the session argument asks for the newest session. */
export function isLatestSession(session: string): boolean {
  return session.trim().toLowerCase() === LATEST_SESSION;
}
