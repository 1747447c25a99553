import { describe, expect, it } from 'vitest';
import { formatBytes, pastedName, typeLabel } from './upload';

describe('upload helpers', () => {
  it('formats sizes for people', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });
  it('labels downloads by their sniffed type first', () => {
    expect(typeLabel('application/pdf', 'x.bin')).toBe('PDF');
    expect(typeLabel('text/html', 'cat.png')).toBe('HTML (download only)');
    expect(typeLabel('application/octet-stream', 'data.sqlite')).toBe('SQLITE file');
    expect(typeLabel('application/octet-stream', 'noext')).toBe('File');
  });
  it('names a pasted screenshot by its time', () => {
    expect(pastedName('image/png', new Date('2026-12-06T19:30:05Z'))).toBe(
      'Screenshot 2026-12-06 19.30.05.png',
    );
  });
});
