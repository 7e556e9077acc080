/**
 * The URL with any password replaced by `***`, for error messages and logs: both the
 * `redis://user:password@host` form and a `password=` query parameter. Works on text that
 * is not a valid URL too, since a malformed URL is exactly what ends up in an error.
 */
export function maskRedisUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@')
    .replace(/([?&]password=)[^&]*/gi, '$1***');
}
