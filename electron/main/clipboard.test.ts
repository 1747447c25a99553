import { describe, expect, it, vi } from 'vitest';
import { copyToClipboard } from './clipboard';

describe('copyToClipboard', () => {
  it('copies and reports success', async () => {
    const written: string[] = [];
    const report = { log: vi.fn(), tell: vi.fn() };
    const ok = await copyToClipboard(
      { writeText: async (t) => void written.push(t) },
      'http://192.168.1.20:4000',
      report,
    );
    expect(ok).toBe(true);
    expect(written).toEqual(['http://192.168.1.20:4000']);
    expect(report.tell).not.toHaveBeenCalled();
  });

  it('turns a rejected writeText into a log line and a message for the user', async () => {
    const report = { log: vi.fn(), tell: vi.fn() };
    const ok = await copyToClipboard(
      { writeText: () => Promise.reject(new Error('no clipboard owner')) },
      'x',
      report,
    );
    expect(ok).toBe(false);
    expect(report.log).toHaveBeenCalledWith('[clipboard] copy failed: no clipboard owner');
    expect(report.tell.mock.calls[0]?.[0]).toMatch(/^Could not copy to the clipboard/);
  });
});
