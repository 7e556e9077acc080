/** The sandbox's own server settings, appended to postgresql.conf (never postgresql.auto.conf). */
export interface SandboxServerConfig {
  port: number;
  socketDir: string;
  /** Load pg_stat_statements, when the installation has it. */
  pgStatStatements: boolean;
}

const BEGIN = '# --- pg-autotune sandbox: begin ---';
const END = '# --- pg-autotune sandbox: end ---';

/**
 * postgresql.conf with the sandbox block (re)written at its end. postgresql.auto.conf stays as
 * initdb left it, because the collector applies knobs there with ALTER SYSTEM and resets it
 * with ALTER SYSTEM RESET ALL. Only what a sandbox needs differs from the defaults, so the
 * tuner's baseline is PostgreSQL's stock configuration.
 */
export function withSandboxConfig(postgresqlConf: string, config: SandboxServerConfig): string {
  const begin = postgresqlConf.indexOf(BEGIN);
  const end = postgresqlConf.indexOf(END);
  const base = begin >= 0 && end > begin ? postgresqlConf.slice(0, begin) + postgresqlConf.slice(end + END.length).replace(/^\n/, '') : postgresqlConf;
  const lines = [
    BEGIN,
    "# Loopback only, no password (trust): a throwaway server for one user's experiments.",
    "listen_addresses = '127.0.0.1'",
    `port = ${config.port}`,
    `unix_socket_directories = '${quoteConfValue(config.socketDir)}'`,
    ...(config.pgStatStatements ? ["shared_preload_libraries = 'pg_stat_statements'"] : []),
    END,
  ];
  return `${base.replace(/\n*$/, '\n')}\n${lines.join('\n')}\n`;
}

// postgresql.conf quotes strings with '...', doubling an embedded quote.
function quoteConfValue(value: string): string {
  return value.replace(/'/g, "''");
}
