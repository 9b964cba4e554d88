// HTTP plumbing of the reference backend: errors with stable codes, JSON
// bodies, bearer tokens, staff checks, the status for a medins error code,
// static files.
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export class HttpError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** The request's JSON object body ({} when empty); 413 over 256 KiB, 400 when not one object. */
export async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 256 * 1024) throw new HttpError(413, 'http.too_large', 'request body over 256 KiB');
    chunks.push(c);
  }
  if (!size) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v;
  } catch {
    throw new HttpError(400, 'http.bad_json', 'the body must be one JSON object');
  }
}

/** The token of `Authorization: Bearer <token>`; 401 without one. */
export function bearer(req) {
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization || '');
  if (!m) throw new HttpError(401, 'http.no_token', 'Authorization: Bearer <identity token> is required');
  return m[1];
}

/** The absolute URL a device proof signs (htu). */
export const requestUrl = (req) => `http://${req.headers.host}${req.url}`;

/** The HTTP status a medins error code answers with. */
export function statusForMedinsCode(code) {
  if (code === 'grant.replayed' || code === 'device.replayed_proof') return 409;
  if (code === 'replay.device_quota') return 429;
  if (code === 'replay.store_full') return 503;
  if (code.startsWith('token.')) return 401;
  if (code.startsWith('grant.') || code.startsWith('device.')) return 403;
  return 400;
}

const STATIC_TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml' };

/**
 * A static file server over `roots` ([url prefix, folder, allowed file or
 * undefined]); resolves true when it answered. `/` redirects to `home`; a
 * path ending in `/` serves its index.html.
 */
export function staticFiles(roots, home) {
  return async function serveStatic(pathname, res, headOnly = false) {
    if (pathname === '/' || pathname === '/index.html' || `${pathname}/` === home) {
      res.writeHead(302, { location: home }).end();
      return true;
    }
    if (pathname.endsWith('/')) pathname = `${pathname}index.html`;
    for (const [prefix, dir, only] of roots) {
      if (!pathname.startsWith(prefix)) continue;
      if (only && pathname !== `${prefix}${only}`) return false;
      const rel = normalize(decodeURIComponent(pathname.slice(prefix.length)));
      if (rel.startsWith('..') || rel.includes(`${sep}..`)) return false;
      try {
        const bytes = await readFile(join(dir, rel));
        res.writeHead(200, { 'content-type': STATIC_TYPES[extname(rel)] || 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(headOnly ? undefined : bytes);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  };
}

/**
 * A check for the staff routes (the flow studio, the insurer's desk): the
 * request must carry `Authorization: Staff <token>`, compared in constant
 * time; a real hospital puts its own staff sign-in here.
 */
export function staffCheck(staffToken, code) {
  const want = Buffer.from(staffToken);
  return (req) => {
    const m = /^Staff (\S+)$/.exec(req.headers.authorization || '');
    const given = Buffer.from(m ? m[1] : '');
    if (given.length !== want.length || !timingSafeEqual(given, want))
      throw new HttpError(401, code, 'Authorization: Staff <staff token> is required');
  };
}
