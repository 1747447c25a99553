import type { RequestHandler, Response } from 'express';
import { idPathParam } from '../../common/api';
import type { ServerContext } from '../context';
import { AppError } from '../errors/app-error';
import { getAuth } from '../http/require-session';
import { parseParam } from '../http/validate';

/** Nothing uploaded runs in the forum's origin, even opened on its own in a tab. */
export const FILE_CSP = "sandbox; default-src 'none'";

/** `filename` for old clients (ASCII only), `filename*` (RFC 5987) for the real name. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function declaredLength(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function serve(res: Response, path: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(path, { headers, dotfiles: 'allow', lastModified: false }, (err) => {
      if (!err) resolve();
      else if (res.headersSent)
        resolve(); // the client went away mid-file
      else reject(new AppError('NOT_FOUND', 'The file is missing from the data folder.'));
    });
  });
}

export function filesRoutes(ctx: ServerContext) {
  /** The raw body is the file; `?name=` its name. Streamed to disk, never buffered. */
  const upload: RequestHandler = async (req, res) => {
    const name = typeof req.query.name === 'string' ? req.query.name : '';
    if (req.headers['content-encoding'] && req.headers['content-encoding'] !== 'identity') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file uncompressed.');
    }
    try {
      const result = await ctx.files.receive(
        getAuth(req).user.id,
        name,
        req,
        declaredLength(req.headers['content-length']),
      );
      res.status(201).json(result);
    } catch (err) {
      // The rest of the body is not read: close the connection after the answer.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw err;
    }
  };

  const headersFor = (kind: 'inline' | 'attachment', name: string, type: string) => ({
    'Content-Type': type,
    'Content-Disposition': contentDisposition(kind, name),
    'Content-Security-Policy': FILE_CSP,
    'X-Content-Type-Options': 'nosniff',
    // Access can end (the item deleted): a short private cache, revalidated by ETag.
    'Cache-Control': 'private, max-age=300',
  });

  const file: RequestHandler = async (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    const { path, upload: u } = ctx.files.open(getAuth(req).user.id, id);
    const inline = u.kind === 'image' && req.query.download === undefined;
    // Only the decoded raster images keep their type; everything else is opaque bytes.
    const type = u.kind === 'image' ? u.mime : 'application/octet-stream';
    await serve(res, path, headersFor(inline ? 'inline' : 'attachment', u.name, type));
  };

  const thumb: RequestHandler = async (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    const { upload: u } = ctx.files.open(getAuth(req).user.id, id);
    if (u.kind !== 'image') throw new AppError('NOT_FOUND', `File ${id} is not a picture.`);
    const name = `${u.name.replace(/\.[^.]*$/, '')}-thumb.webp`;
    await serve(
      res,
      ctx.files.blobs.thumbPathOf(u.sha256),
      headersFor('inline', name, 'image/webp'),
    );
  };

  const setAvatar: RequestHandler = async (req, res) => {
    const result = await ctx.avatars.set(
      getAuth(req).user.id,
      req,
      declaredLength(req.headers['content-length']),
    );
    res.json(result);
  };

  const removeAvatar: RequestHandler = (req, res) => {
    ctx.avatars.remove(getAuth(req).user.id);
    res.status(204).end();
  };

  const avatars: RequestHandler = (_req, res) => {
    res.json({ avatars: ctx.avatars.all() });
  };

  const avatar: RequestHandler = async (req, res) => {
    const id = parseParam(idPathParam, req.params.id, 'id');
    const size = ctx.avatars.size(String(req.params.size));
    const path = ctx.avatars.pathOf(id, size);
    const headers = {
      ...headersFor('inline', `avatar-${id}-${size}.webp`, 'image/webp'),
      'Cache-Control': 'private, max-age=60',
    };
    await serve(res, path, headers);
  };

  return { upload, file, thumb, setAvatar, removeAvatar, avatars, avatar };
}
