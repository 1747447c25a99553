import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../logging/logger';
import { TickPipeline } from './tick-pipeline';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function pipeline() {
  const logs: LogRecord[] = [];
  const ticks = new TickPipeline(createLogger('ws', { level: 'debug', sink: (r) => logs.push(r) }));
  const ran: string[] = [];
  return { ticks, logs, ran };
}

describe('TickPipeline', () => {
  it('runs its stages in order, once per event-loop turn however often it is asked', async () => {
    const { ticks, ran } = pipeline();
    ticks.setStages([
      { name: 'a', run: () => ran.push('a') },
      { name: 'b', run: () => ran.push('b') },
    ]);
    ticks.request();
    ticks.request();
    ticks.request();
    expect(ran).toEqual([]);
    await turn();
    expect(ran).toEqual(['a', 'b']);
    ticks.request();
    await turn();
    expect(ran).toEqual(['a', 'b', 'a', 'b']);
  });

  it('a stage that throws is logged with its name, and the next stages still run', async () => {
    const { ticks, ran, logs } = pipeline();
    ticks.setStages([
      {
        name: 'chat group commit',
        run: () => {
          throw new Error('disk full');
        },
      },
      { name: 'socket writes', run: () => ran.push('writes') },
    ]);
    ticks.request();
    await turn();
    expect(ran).toEqual(['writes']);
    expect(logs).toMatchObject([
      { level: 'error', message: 'live tick stage failed', fields: { stage: 'chat group commit' } },
    ]);
  });

  it('close runs a pending tick at once, then ticks no more', async () => {
    const { ticks, ran } = pipeline();
    ticks.setStages([{ name: 'a', run: () => ran.push('a') }]);
    ticks.request();
    ticks.close();
    expect(ran).toEqual(['a']);
    ticks.request();
    await turn();
    expect(ran).toEqual(['a']);
  });

  it('takes its stages once', () => {
    const { ticks } = pipeline();
    ticks.setStages([{ name: 'a', run: () => undefined }]);
    expect(() => ticks.setStages([])).toThrow(/already set/);
  });
});
