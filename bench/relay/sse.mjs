// The fake upstream's reply, shared by the upstream process and the bench client so the client can check every
// stream byte for byte: N OpenAI chat.completion.chunk events, a usage event, then [DONE].
const encoder = new TextEncoder();

export function eventBytes(i) {
  return encoder.encode(
    `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench","choices":[{"index":0,"delta":{"content":"token${i} "},"finish_reason":null}]}\n\n`,
  );
}

export function tailBytes(events) {
  return encoder.encode(
    `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"bench","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":${events},"total_tokens":${events + 5}}}\n\ndata: [DONE]\n\n`,
  );
}

/** Total bytes of a reply with `events` content events. */
export function replyLength(events) {
  let total = tailBytes(events).length;
  for (let i = 0; i < events; i++) total += eventBytes(i).length;
  return total;
}

/** The request body: the scenario rides in the message text, so it reaches the upstream through any proxy. */
export function requestBody(events, intervalMs) {
  return JSON.stringify({
    model: 'bench',
    stream: true,
    messages: [{ role: 'user', content: `bench events=${events} interval=${intervalMs}` }],
  });
}
