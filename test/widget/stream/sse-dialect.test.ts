import { describe, expect, it } from 'vitest';
import { interpretSseData } from '../../../src/widget/stream/sse-dialect.js';

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}, finish: string | null = null) =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });

describe('interpretSseData', () => {
  it('[DONE] ends the stream (with or without spaces)', () => {
    expect(interpretSseData('[DONE]')).toEqual([{ type: 'done' }]);
    expect(interpretSseData(' [DONE] ')).toEqual([{ type: 'done' }]);
  });

  it('OpenAI content delta', () => {
    expect(interpretSseData(chunk({ content: 'Hel' }))).toEqual([{ type: 'delta', content: 'Hel' }]);
  });

  it('the role-only first chunk and empty content produce nothing', () => {
    expect(interpretSseData(chunk({ role: 'assistant', content: '' }))).toEqual([]);
    expect(interpretSseData(chunk({ content: null }))).toEqual([]);
  });

  it("Azure's first chunk with choices: [] (prompt filter results)", () => {
    expect(interpretSseData(JSON.stringify({ choices: [], prompt_filter_results: [{ prompt_index: 0 }] }))).toEqual([]);
  });

  it('usage chunk with choices: [] (stream_options.include_usage)', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 };
    expect(interpretSseData(JSON.stringify({ choices: [], usage }))).toEqual([{ type: 'usage', usage }]);
  });

  it('usage: null on ordinary chunks is ignored', () => {
    expect(interpretSseData(chunk({ content: 'x' }, { usage: null }))).toEqual([{ type: 'delta', content: 'x' }]);
  });

  it('Groq x_groq.usage', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    expect(interpretSseData(chunk({}, { x_groq: { usage } }, 'stop'))).toEqual([
      { type: 'usage', usage },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('DeepSeek reasoning_content', () => {
    expect(interpretSseData(chunk({ content: null, reasoning_content: '嗯' }))).toEqual([
      { type: 'delta', reasoning: '嗯' },
    ]);
  });

  it('OpenRouter reasoning', () => {
    expect(interpretSseData(chunk({ content: '', reasoning: 'Thinking' }))).toEqual([
      { type: 'delta', reasoning: 'Thinking' },
    ]);
  });

  it('content, finish_reason and usage in one chunk', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    expect(interpretSseData(chunk({ content: '!' }, { usage }, 'length'))).toEqual([
      { type: 'delta', content: '!' },
      { type: 'usage', usage },
      { type: 'finish', reason: 'length' },
    ]);
  });

  it('finish_reason stop and content_filter', () => {
    expect(interpretSseData(chunk({}, {}, 'stop'))).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(interpretSseData(chunk({}, {}, 'content_filter'))).toEqual([{ type: 'finish', reason: 'content_filter' }]);
  });

  it('in-stream OpenAI-style error object', () => {
    const data = JSON.stringify({
      error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded', status: 429 },
    });
    expect(interpretSseData(data)).toEqual([
      {
        type: 'error',
        error: { status: 429, code: 'rate_limit_exceeded', message: 'Rate limit reached', type: 'requests' },
      },
    ]);
  });

  it('OpenRouter mid-stream error with numeric code (the HTTP status)', () => {
    const data = JSON.stringify({
      id: 'x',
      object: 'chat.completion.chunk',
      error: { code: 502, message: 'Provider disconnected' },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    });
    expect(interpretSseData(data)).toEqual([
      { type: 'error', error: { status: 502, code: '502', message: 'Provider disconnected', type: null } },
    ]);
  });

  it('vLLM flat error object', () => {
    const data = JSON.stringify({
      object: 'error',
      message: 'max_tokens too large',
      type: 'BadRequestError',
      code: 400,
    });
    expect(interpretSseData(data)).toEqual([
      { type: 'error', error: { status: 400, code: '400', message: 'max_tokens too large', type: 'BadRequestError' } },
    ]);
  });

  it('error given as a plain string', () => {
    expect(interpretSseData(JSON.stringify({ error: 'overloaded' }))).toEqual([
      { type: 'error', error: { code: null, message: 'overloaded', type: null } },
    ]);
  });

  it('an `event: error` event with non-JSON data is an error', () => {
    expect(interpretSseData('upstream timed out', 'error')).toEqual([
      { type: 'error', error: { code: null, message: 'upstream timed out', type: null } },
    ]);
  });

  it('malformed JSON and empty data are ignored', () => {
    expect(interpretSseData('{"choices": [')).toEqual([]);
    expect(interpretSseData('ping')).toEqual([]);
    expect(interpretSseData('')).toEqual([]);
    expect(interpretSseData('null')).toEqual([]);
  });

  it('uses choice index 0 when several choices stream', () => {
    const data = JSON.stringify({
      choices: [
        { index: 1, delta: { content: 'B' } },
        { index: 0, delta: { content: 'A' } },
      ],
    });
    expect(interpretSseData(data)).toEqual([{ type: 'delta', content: 'A' }]);
  });
});
