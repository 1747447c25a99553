import { FILE_LIMITS } from '../../common/files';

/** A file name fit to show and to offer as a download name: no paths, no control characters. */
export function cleanName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (clean === '' || clean === '.' || clean === '..') return 'file';
  if (clean.length <= FILE_LIMITS.nameMax) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clean.slice(0, FILE_LIMITS.nameMax - ext.length) + ext;
}
