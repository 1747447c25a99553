/**
 * Test stand-in for the server host (server-host.ts): start() reports running at once (or
 * what `result` says), stop() can be held open with `stopGate`. The real lifecycle is
 * covered in server-host.test.ts.
 */
import type { HostStartConfig } from '@common/host-protocol';
import type { HostState, ServerHost, StartResult } from './server-host';

export class FakeHost implements ServerHost {
  current: HostState = { state: 'stopped' };
  starts: HostStartConfig[] = [];
  result: (config: HostStartConfig) => StartResult = (c) => ({
    ok: true,
    url: `http://127.0.0.1:${c.port}`,
    port: c.port,
  });
  private listeners = new Set<(s: HostState) => void>();
  private cfg: HostStartConfig | null = null;
  async start(config: HostStartConfig) {
    this.starts.push(config);
    this.cfg = config;
    const r = this.result(config);
    this.emit(
      r.ok ? { state: 'running', url: r.url, port: r.port, online: null } : { state: 'stopped' },
    );
    return r;
  }
  /** Calls to stop(), and what a stop waits for before the server is down. */
  stops = 0;
  stopGate: Promise<void> = Promise.resolve();
  async stop() {
    this.stops++;
    this.cfg = null;
    if (this.current.state !== 'stopped') this.emit({ state: 'stopping' });
    await this.stopGate;
    this.emit({ state: 'stopped' });
  }
  state = () => this.current;
  config = () => this.cfg;
  onState(l: (s: HostState) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(s: HostState) {
    this.current = s;
    for (const l of this.listeners) l(s);
  }
}
