/**
 * The environment for PostgreSQL's server programs: this process's, less libpq's PG*
 * variables. A PGPORT or PGDATA meant for the user's own clients would otherwise choose the
 * port or data folder of a server we start (postgres reads PGPORT when no -p is given).
 */
export function serverProgramEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^PG[A-Z]/.test(name)));
}
