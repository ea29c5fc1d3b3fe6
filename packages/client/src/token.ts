import { InvalidInputError } from "./errors.js";

/** A token, or a function asked for one before each request (e.g. a GitHub App installation token, hourly). */
export type TokenOption = string | (() => string | undefined | Promise<string | undefined>) | undefined;

/** How many of a provider's latest tokens the redactor still hides (a server may echo an older one). */
const REMEMBERED = 8;

/** `token` if it can be sent as `Authorization: Bearer <token>`; the error never quotes it. */
export function checkToken(token: unknown): string | undefined {
  if (token === undefined || token === "") return undefined;
  if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token)) {
    throw new InvalidInputError("token", "must be a string of visible ASCII characters without spaces, or a function");
  }
  return token;
}

/**
 * Where tokens come from. `get()` gives the token for the next request (asking the provider each time), `recent()`
 * every token handed out lately, for redaction. The tokens stay in this closure.
 */
export function createTokenSource(option: TokenOption) {
  if (typeof option !== "function") {
    const token = checkToken(option);
    const all = token ? [token] : [];
    return { provider: false, get: () => token, recent: () => all };
  }
  const recent: string[] = [];
  return {
    provider: true,
    async get(): Promise<string | undefined> {
      const token = checkToken(await option());
      if (token && !recent.includes(token)) {
        recent.push(token);
        if (recent.length > REMEMBERED) recent.shift();
      }
      return token;
    },
    recent: () => recent,
  };
}
