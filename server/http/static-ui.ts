import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Hearth</title>
<p>The Hearth web interface has not been built. Run <code>npm run build</code>, then reload.
The API is available under <code>/api</code>.</p>`;

/**
 * The renderer is built with relative asset URLs (`./assets/…`, so the desktop can load it
 * from disk). Served at a deep path such as /post/42 those would resolve under /post/, so
 * the fallback page pins the base to the site root.
 */
function withRootBase(html: string): string {
  return /<base\s/i.test(html)
    ? html
    : html.replace(/<head([^>]*)>/i, '<head$1>\n    <base href="/" />');
}

/** An API path with an encoded slash (/api%2Fposts) is a wrong API path, not a UI route. */
const API_LOOKALIKE = /^\/api(%2f|%5c|\\|$)/i;

/**
 * The path as the file server resolves it: percent-decoded once (as `send` does), with
 * backslashes as separators (Windows) and dot segments resolved; null when it cannot be
 * decoded or holds a NUL (the file server refuses those too).
 */
export function resolvedUiPath(path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  return posix.normalize(`/${decoded.replaceAll('\\', '/')}`);
}

/**
 * The desktop launcher shares the renderer build but is no page of the forum. Decided on
 * the resolved path, so /launcher%2ehtml, /assets/../launcher.html and /x/..%2flauncher.html
 * are the launcher too; and with the names a case-insensitive or Windows file system treats
 * as the same file (LAUNCHER.HTML, a trailing dot or space, an NTFS stream, the 8.3 name).
 * A path that cannot be decoded counts too: the file server would refuse it anyway.
 */
export function isLauncherPath(path: string): boolean {
  const resolved = resolvedUiPath(path);
  if (resolved === null) return true;
  const name = resolved
    .toLowerCase()
    .replace(/:.*$/, '')
    .replace(/[. ]+$/, '');
  return name === '/launcher.html' || /^\/launch~\d+\.htm$/.test(name);
}

/**
 * Serves the built renderer: hashed files under /assets cached for a year, everything else
 * revalidated. Any other GET without a file extension gets index.html (the UI routes on the
 * client), while a missing asset stays a 404 rather than HTML in a script tag.
 */
export function staticUi(staticDir: string | null): RequestHandler {
  const router = Router();
  const index = staticDir ? join(staticDir, 'index.html') : null;
  router.use((req, _res, next) => {
    if (API_LOOKALIKE.test(req.path) || isLauncherPath(req.path)) next('router');
    else next();
  });
  if (staticDir) {
    router.use(
      express.static(staticDir, {
        index: false,
        redirect: false,
        dotfiles: 'ignore',
        setHeaders: (res, path) => {
          res.setHeader(
            'Cache-Control',
            /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
  }
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /\.[^/]*$/.test(req.path)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    // Read per request: it is small, fallbacks are rare, and a rebuild shows up at once.
    if (index && existsSync(index)) {
      res.type('html').send(withRootBase(readFileSync(index, 'utf8')));
    } else {
      res.status(503).type('html').send(NOT_BUILT);
    }
  });
  return router;
}
