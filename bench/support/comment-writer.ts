/** A load of writes beside a read bench: comments over HTTP at a steady pace. */

/** Writes a comment on `postId` every `ms` until stopped; resolves with how many were written. */
export function commentEvery(url: string, cookie: string, postId: number, ms: number) {
  let written = 0;
  let last: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    last = fetch(`${url}/api/posts/${postId}/comments`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ body: `a comment written while people search (${written})` }),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`comment: ${res.status} ${await res.text()}`);
      written++;
    });
  }, ms);
  return {
    async stop(): Promise<number> {
      clearInterval(timer);
      await last;
      return written;
    },
  };
}
