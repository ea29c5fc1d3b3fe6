import { ResponseTooLargeError } from "../errors.js";
import { decoder, ERROR_BODY_LIMIT, readBody } from "../read-body.js";
import { createRedactor, type Redact } from "../redact.js";
import { streamHeaders } from "./download-headers.js";
import { jsonError } from "./json-error.js";
import type { Route } from "./match-route.js";
import { ownUrls } from "./own-urls.js";
import { passThrough } from "./pass-through.js";
import { browserHeaders, upstreamHeaders } from "./proxy-headers.js";
import { type ProxySettings, reportError } from "./proxy-options.js";
import { redirectTarget } from "./redirect-target.js";
import { rewriteLink } from "./rewrite-link.js";
import { errorBody, scrubBody } from "./scrub-body.js";
import { abortable, type UpstreamSignal, upstreamSignal } from "./upstream-signal.js";

/** A request that passed every check, on its way upstream. */
export interface Exchange {
  settings: ProxySettings;
  request: Request;
  /** The incoming request's URL (links point back at it). */
  url: URL;
  route: Route;
  params: Record<string, string | number | boolean>;
  token: string;
  apiVersion: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/**
 * Redirects followed: of GitHub, to the same operation (a renamed repository's URLs move under `/repositories/ID`);
 * of the storage host, each checked by the storage policy.
 */
const MAX_REDIRECTS = 3;
const ignore = () => undefined;
const encoder = new TextEncoder();
const cancel = (response: Response) => response.body?.cancel().catch(ignore);

/** The upstream URL: the template with each path parameter encoded once, and the declared query parameters. */
function upstreamUrl({ settings, route, params }: Exchange): URL {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  // note: encoded as the client encodes them (a space is %20, not "+"), so GitHub reads the same values.
  const query = route.query
    .filter((name) => params[name] !== undefined)
    .map((name) => `${name}=${encodeURIComponent(String(params[name]))}`)
    .join("&");
  return new URL(`${settings.baseUrl}${path}${query ? `?${query}` : ""}`);
}

/**
 * A URL without the token (absolute, unless `from` is given to resolve it against): the only place a download may
 * lead, once the storage policy (scheme, user info, host) agrees too.
 */
function storageUrl(location: string | null, redact: Redact, from?: URL): URL | undefined {
  try {
    const url = new URL(location ?? "", from);
    return redact(url.href) === url.href ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A 502 of the handler's own for an upstream answer it will not pass on; `onError` is told the same message (never a
 * header or body of the answer, which may hold the token or a signed URL).
 */
function refuse(x: Exchange, message: string): Response {
  reportError(x.settings, new Error(message), x.request);
  return jsonError(502, message);
}

/** GitHub's error answer with its status and its body (at most `ERROR_BODY_LIMIT` bytes, scrubbed). */
async function relayError(response: Response, headers: Headers, redact: Redact, signal: AbortSignal) {
  const text = decoder.decode(await abortable(readBody(response, ERROR_BODY_LIMIT, true), signal));
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(errorBody(text, response.status, redact), { status: response.status, headers });
}

/**
 * A JSON operation's answer: status, allowed headers, and the body read whole (bounded), scrubbed, and with the URLs
 * of the proxy's operations pointing at the handler (like `Link`).
 */
async function relay(x: Exchange, response: Response, redact: Redact, signal: AbortSignal): Promise<Response> {
  const { status } = response;
  const upstream = response.url || upstreamUrl(x).href;
  const headers = browserHeaders(response.headers, redact, (link) => rewriteLink(link, x.url, x.route.query, upstream));
  if (status >= 400) return relayError(response, headers, redact, signal);
  if (status === 204 || status === 304) {
    await cancel(response);
    return new Response(null, { status, headers });
  }
  if (status < 200 || status >= 300) {
    await cancel(response);
    return refuse(x, `GitHub answered with an unexpected HTTP ${status}`);
  }
  const text = decoder.decode(await abortable(readBody(response, x.settings.maxResponseBytes), signal));
  const scrubbed = scrubBody(text, redact, ownUrls(x.settings.baseUrl, x.url.origin + x.settings.pathPrefix));
  // note: the body is never quoted: it may hold the token in a spelling only a JSON parser could find.
  if (scrubbed === undefined) return refuse(x, `GitHub answered HTTP ${status} with a body that is not JSON`);
  const body = encoder.encode(scrubbed);
  // note: whatever type upstream claimed, what is relayed was checked to be JSON, and is never rendered as a page.
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("content-length", String(body.byteLength));
  return new Response(body, { status, headers });
}

/**
 * The storage host's answer to `location`, its own redirects followed (at most `MAX_REDIRECTS`) only where the storage
 * policy allows, or the reason one was refused.
 */
async function fetchStorage(
  x: Exchange,
  location: URL,
  redact: Redact,
  signal: AbortSignal,
): Promise<Response | string> {
  const { settings: s } = x;
  let target = location;
  for (let hops = 0; ; hops++) {
    const init = { headers: { "user-agent": s.userAgent }, redirect: "manual" as const, signal };
    const archive = await abortable(s.fetch(new Request(target, init)), signal);
    if (!REDIRECTS.has(archive.status)) return archive;
    await cancel(archive);
    const next = storageUrl(archive.headers.get("location"), redact, target);
    const why = !next
      ? "its Location is no URL, or holds the token"
      : hops === MAX_REDIRECTS
        ? "one too many"
        : s.storage(next);
    if (why) return `The storage host redirected the download, refused: ${why}`;
    target = next as URL;
  }
}

/**
 * The download: GitHub's 302 to the signed storage URL becomes the handler's own 302 ("redirect"), or the archive
 * is fetched without any credential and streamed through ("stream"; `upstream` then belongs to the stream). Either
 * way the URL must pass the storage policy first.
 */
async function download(
  x: Exchange,
  response: Response,
  redact: Redact,
  upstream: UpstreamSignal,
  phase: { where: string },
): Promise<{ response: Response; streaming: boolean }> {
  const { settings: s } = x;
  const headers = browserHeaders(response.headers, redact, () => undefined);
  if (response.status >= 400) {
    return { response: await relayError(response, headers, redact, upstream.signal), streaming: false };
  }
  await cancel(response);
  const location = REDIRECTS.has(response.status) ? storageUrl(response.headers.get("location"), redact) : undefined;
  if (!location) {
    const message = `GitHub answered the download with HTTP ${response.status}, not a redirect to the archive`;
    return { response: refuse(x, message), streaming: false };
  }
  const refused = s.storage(location);
  if (refused) return { response: refuse(x, `GitHub's download redirect was refused: ${refused}`), streaming: false };
  for (const name of ["content-type", "etag", "last-modified", "vary", "link"]) headers.delete(name);
  // note: the signed URL expires in about a minute and is the user's alone: no cache may keep it.
  headers.set("cache-control", "no-store");
  if (s.download === "redirect") {
    headers.set("location", location.href);
    return { response: new Response(null, { status: 302, headers }), streaming: false };
  }
  phase.where = "The storage host";
  upstream.restart(s.timeoutMs);
  const { signal } = upstream;
  const archive = await fetchStorage(x, location, redact, signal);
  if (typeof archive === "string") return { response: refuse(x, archive), streaming: false };
  if (!archive.ok || !archive.body) {
    await cancel(archive);
    return { response: refuse(x, `The storage host answered HTTP ${archive.status}`), streaming: false };
  }
  streamHeaders(headers, archive, location, Number(x.params.artifact_id), redact);
  const body = passThrough(archive.body, upstream, s.timeoutMs, (error, received) => {
    // note: the browser going away is no failure (before the answer it is 499, not reported either).
    if (x.request.signal.aborted) return;
    const what = upstream.timedOut() ? `sent nothing for ${s.timeoutMs} ms` : "broke off";
    reportError(
      s,
      new Error(`The storage host ${what} after ${received} bytes of the archive`, { cause: error }),
      x.request,
    );
  });
  return { response: new Response(body, { status: 200, headers }), streaming: true };
}

/**
 * Sends the checked request upstream with the token and answers with what the browser may see. Every read from
 * upstream is bounded in time (`timeoutMs`) and size; a failure to reach GitHub is 502, a timeout 504.
 */
export async function forward(x: Exchange): Promise<Response> {
  const { settings: s, request, route, token } = x;
  const redact = createRedactor(() => [token]);
  const upstream = upstreamSignal(request.signal, s.timeoutMs);
  let streaming = false;
  const phase = { where: "GitHub" };
  try {
    const init = {
      method: route.method,
      headers: upstreamHeaders(request, token, x.apiVersion, s.userAgent),
      // note: never followed blindly: a redirect could lead the token elsewhere, and a download's leads to storage.
      redirect: "manual" as const,
      signal: upstream.signal,
    };
    let target = upstreamUrl(x);
    const send = (url: URL) => abortable(s.fetch(new Request(url, init)), upstream.signal);
    let response = await send(target);
    if (route.operationId === "actions/download-artifact") {
      const answer = await download(x, response, redact, upstream, phase);
      streaming = answer.streaming;
      return answer.response;
    }
    for (let hops = 0; REDIRECTS.has(response.status); hops++) {
      const next = redirectTarget(response.headers.get("location"), target, s.baseUrl, route);
      await cancel(response);
      if (!next || hops === MAX_REDIRECTS) return refuse(x, "GitHub redirected the request outside its API");
      target = next;
      response = await send(target);
    }
    return await relay(x, response, redact, upstream.signal);
  } catch (error) {
    if (request.signal.aborted) return jsonError(499, "The request was cancelled");
    reportError(s, error, request);
    if (upstream.timedOut()) return jsonError(504, `${phase.where} did not answer within ${s.timeoutMs} ms`);
    if (error instanceof ResponseTooLargeError) {
      return jsonError(502, `GitHub's answer is larger than ${s.maxResponseBytes} bytes`);
    }
    return jsonError(502, `${phase.where} could not be reached`);
  } finally {
    if (!streaming) upstream.dispose();
  }
}
