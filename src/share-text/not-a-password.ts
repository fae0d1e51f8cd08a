/** Words written where a password would go that mean "no password" (or are a URL's start). */
const NOT_A_PASSWORD = new Set(['none', 'null', 'free', 'empty', 'nothing', 'http', 'https']);

export function isNotAPassword(value: string): boolean {
  return NOT_A_PASSWORD.has(value.toLowerCase());
}
