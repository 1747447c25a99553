// Uploads in a process of its own, so the bench's event-loop figures are the server's alone.
// Usage: node upload-client.mjs <url> <cookie> <count> <bytes>; prints [{ms, status}] as JSON.
import { request } from 'node:http';

const [url, cookie, count, bytes] = process.argv.slice(2);
const size = Number(bytes);

function post(salt) {
  const chunk = Buffer.alloc(256 * 1024, 0x5a);
  chunk.writeUInt32LE(salt, 0);
  chunk.writeUInt32LE(process.pid, 4);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-length': String(size),
        'content-type': 'application/octet-stream',
        cookie,
        origin: new URL(url).origin,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - start, status: res.statusCode }));
    });
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

const results = await Promise.all(Array.from({ length: Number(count) }, (_, i) => post(i + 1)));
process.stdout.write(JSON.stringify(results));
