/**
 * PostgreSQL's other spellings of on and off, lower case, as a bool takes them and as
 * synchronous_commit's enum lists them (hidden, so pg_settings.enumvals omits them).
 * PostgreSQL also takes unique prefixes of a bool ("of", "t"); nothing here needs those.
 */
export const BOOL_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['true', 'on'], ['yes', 'on'], ['1', 'on'],
  ['false', 'off'], ['no', 'off'], ['0', 'off'],
]);
