import { describe, expect, it } from 'vitest';
import { sniff } from './sniff';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('sniff (the type comes from the bytes)', () => {
  it('knows the four inline image formats by their signatures', () => {
    expect(sniff(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a], 'rest'))).toEqual({
      mime: 'image/png',
      image: true,
    });
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ mime: 'image/jpeg', image: true });
    expect(sniff(bytes('GIF89a...'))).toEqual({ mime: 'image/gif', image: true });
    expect(sniff(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toEqual({
      mime: 'image/webp',
      image: true,
    });
  });

  it('calls HTML and SVG what they are, never an image to show', () => {
    expect(sniff(bytes('<!DOCTYPE html><script>alert(1)</script>'))).toEqual({
      mime: 'text/html',
      image: false,
    });
    expect(sniff(Buffer.from('\uFEFF  <html><body onload=alert(1)>', 'utf8'))).toMatchObject({
      mime: 'text/html',
      image: false,
    });
    expect(
      sniff(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    ).toEqual({
      mime: 'image/svg+xml',
      image: false,
    });
    expect(sniff(bytes('<?xml version="1.0"?>\n<svg><script/></svg>'))).toMatchObject({
      mime: 'image/svg+xml',
    });
  });

  it('labels other downloads, and unknown bytes as opaque', () => {
    expect(sniff(bytes('PK', [3, 4], 'zipdata'))).toEqual({
      mime: 'application/zip',
      image: false,
    });
    expect(sniff(bytes('%PDF-1.7'))).toEqual({ mime: 'application/pdf', image: false });
    expect(sniff(bytes('just some notes\n'))).toEqual({ mime: 'text/plain', image: false });
    expect(sniff(bytes([0, 1, 2, 3, 250]))).toEqual({
      mime: 'application/octet-stream',
      image: false,
    });
    expect(sniff(new Uint8Array())).toEqual({ mime: 'application/octet-stream', image: false });
  });
});
