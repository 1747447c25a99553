/**
 * Tests only (search-pool.test.ts): a search thread that speaks search-worker.ts's protocol
 * without a database, and misbehaves on request, so the pool's handling of a thread that
 * dies or throws mid-search can be shown deterministically. `q` 'exit' ends the thread
 * mid-search; 'throw' throws out of the handler (an uncaught error kills a thread); 'slow'
 * answers after 200 ms; 'busy' holds the thread for 150 ms, as a real search does; anything
 * else is echoed with the thread's id. Each answer says when it was sent (`answeredAt`, ms
 * since the epoch, comparable across threads).
 */
import { parentPort, threadId } from 'node:worker_threads';
import type { SearchJob, SearchReply } from './search-protocol';

const port = parentPort!;
const reply = (r: SearchReply) => port.postMessage(r);
port.on('message', (job: SearchJob) => {
  const answer = () =>
    reply({
      id: job.id,
      ok: true,
      parts: [
        JSON.stringify({
          query: job.req.q,
          threadId,
          answeredAt: performance.timeOrigin + performance.now(),
        }),
      ],
    });
  if (job.req.q === 'exit') process.exit(3);
  if (job.req.q === 'throw') throw new Error('thrown inside the search thread');
  if (job.req.q === 'refuse') reply({ id: job.id, ok: false, code: 'NOT_FOUND', message: 'nope' });
  else if (job.req.q === 'bug') reply({ id: job.id, ok: false, code: 'INTERNAL', message: 'bug' });
  else if (job.req.q === 'slow') setTimeout(answer, 200);
  else if (job.req.q === 'busy') {
    const until = performance.now() + 150;
    while (performance.now() < until);
    answer();
  } else answer();
});
reply({ ready: true });
