// An AbortSignal that fires when the client goes away before the answer is sent, so an abandoned
// generation stops its model call. (The response's `close`, not the request's: the request emits
// `close` as soon as its body has been read.)
export function clientGone(reply: { raw: NodeJS.EventEmitter & { writableFinished: boolean } }): AbortSignal {
  const ac = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) ac.abort();
  });
  return ac.signal;
}
