import { redactSecrets } from '../core/redact-secrets';
import { INSTANCE_TARGET_LIMITS } from './instance-target';

/**
 * `text` as one line of at most INSTANCE_TARGET_LIMITS.problemMaxLength characters, secrets
 * redacted: what a collector's failure says, for the registry. The line comes from a server
 * whoever registered the target chose, so control characters go too.
 */
export function collectorProblemLine(text: string): string {
  const line = redactSecrets(text).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const max = INSTANCE_TARGET_LIMITS.problemMaxLength;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
