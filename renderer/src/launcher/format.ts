/** Small text helpers for the launcher. */
export function usedAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const minutes = Math.round((now.getTime() - then) / 60_000);
  if (minutes < 1) return 'Used just now';
  if (minutes < 60) return `Used ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `Used ${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `Used ${days} day${days === 1 ? '' : 's'} ago`;
  return `Used on ${new Date(then).toLocaleDateString()}`;
}

export function portProblem(value: number | null): string | null {
  if (value === null || !Number.isInteger(value)) return 'Enter a port number, e.g. 4000.';
  if (value < 1024 || value > 65535) return 'Use a port between 1024 and 65535.';
  return null;
}

/**
 * A file path cut after each separator, so it can be shown with a line-break opportunity
 * (`<wbr>`) there: a long log path wraps as `…/logs/` + `server.log`, never mid-name.
 */
export function pathParts(path: string): string[] {
  return path.match(/[^/\\]*(?:[/\\]+|$)/g)?.filter((part) => part !== '') ?? [];
}
