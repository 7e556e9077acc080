import { userInfo } from 'node:os';
import { Option } from 'commander';

/**
 * Who the audit says decided: the OS user running the command unless `--as NAME` says
 * otherwise. The service checks the name (APPROVAL_LIMITS); an account without a name in the
 * password database falls back to $USER, then to nothing, which the service refuses naming the field.
 */
export function defaultActor(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
}

/** `--as NAME`: the name the audit keeps for this decision. */
export function actorOption(): Option {
  return new Option('--as <name>', 'who decides, as the audit keeps it (default: your OS user name)').default(defaultActor(), 'your OS user name');
}
