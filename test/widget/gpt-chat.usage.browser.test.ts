// Tokens and cost: the usage chunk's figures under each reply (show-usage), priced from the relay's
// /v1/models next to the endpoint; kept with the message across a reload.
import { equal, includes, notIncludes } from './_support/assert.js';
import type { GptChat } from '../../src/widget/index.js';
import { $, $$, cleanup, endpoint, idle, lastRequest, mount, uniqueKey, waitFor } from './_support/helpers.js';

/** The first usage line once it shows `mark` (the prices arrive after the reply). */
const usageLine = (el: GptChat, mark: string) =>
  waitFor(() => {
    const line = $(el, '.msg.assistant [part="usage"]');
    return line?.textContent?.includes(mark) ? line : null;
  }, `a usage line with ${mark}`);

async function modelsRequests(key: string): Promise<number> {
  return (await lastRequest(`models:${key}`))?.count ?? 0;
}

describe('<gpt-chat> usage', () => {
  afterEach(cleanup);

  it('asks for usage and shows prompt, completion and reasoning tokens and the cost from /v1/models', async () => {
    const key = uniqueKey('usage');
    const el = await mount({ endpoint: endpoint('usage', key), 'show-usage': true });
    await el.send('hi');
    await idle(el);
    const req = (await lastRequest(key))!;
    equal(req.body.stream_options?.include_usage, true);
    const line = await usageLine(el, '$');
    // 1234 × $0.000001 + 5678 × $0.000002 = $0.012590
    equal(line.textContent!.trim(), 'Tokens: 1,234 in · 5,678 out (4,000 reasoning) · $0.013');
    equal(await modelsRequests(key), 1, 'the model list is fetched once');
    const usage = el.messages.at(-1)!.usage!;
    equal(usage.prompt_tokens, 1234);
    equal(usage.model, 'fake/priced', 'the answering model is kept with the usage');

    await el.send('again');
    await idle(el);
    await waitFor(() => $$(el, '[part="usage"]').length === 2, 'two usage lines');
    equal(await modelsRequests(key), 1, 'still one model-list request');
  });

  it('prices from a model list the page hands over (modelList, or a promise of it), with no request of its own', async () => {
    const key = uniqueKey('usage-handed');
    const el = await mount({ endpoint: endpoint('usage', key), 'show-usage': true });
    let handOver!: (list: { data: unknown[] }) => void;
    el.modelList = new Promise((resolve) => (handOver = resolve));
    await el.send('hi');
    await idle(el);
    await waitFor(() => $(el, '[part="usage"]'), 'the usage line');
    notIncludes($(el, '[part="usage"]')!.textContent, '$', 'no cost before the list arrives');
    handOver({ data: [{ id: 'fake/priced', pricing: { prompt: '0.00001', completion: '0.00001' } }] });
    // 1234 × $0.00001 + 5678 × $0.00001 = $0.06912
    const line = await usageLine(el, '$');
    equal(line.textContent!.trim(), 'Tokens: 1,234 in · 5,678 out (4,000 reasoning) · $0.069');
    equal(await modelsRequests(key), 0, 'the element did not fetch /v1/models');
  });

  it('localizes the figures in Chinese', async () => {
    const key = uniqueKey('usage-zh');
    const el = await mount({ endpoint: endpoint('usage', key), 'show-usage': true, lang: 'zh-CN' });
    await el.send('你好');
    await idle(el);
    const line = await usageLine(el, 'US$');
    equal(line.textContent!.trim(), 'Token：输入 1,234 · 输出 5,678（推理 4,000） · US$0.013');
  });

  it('shows tokens without a cost when the relay lists no prices', async () => {
    const key = uniqueKey('usage-noprice');
    // The fake answers /v1/models with a 404 for this scenario (as a relay in front of a plain provider might).
    const el = await mount({ endpoint: endpoint('no-models', key), 'show-usage': true });
    el.messages = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a', usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } },
    ];
    await el.updateComplete;
    await waitFor(async () => (await modelsRequests(key)) === 1, 'the models request');
    await el.updateComplete;
    equal($(el, '[part="usage"]')!.textContent!.trim(), 'Tokens: 5 in · 7 out');
    notIncludes($(el, '[part="usage"]')!.textContent, '$');
  });

  it('shows no usage without show-usage, and none for replies without usage', async () => {
    const key = uniqueKey('usage-off');
    const el = await mount({ endpoint: endpoint('usage', key) });
    await el.send('hi');
    await idle(el);
    equal($(el, '[part="usage"]'), null);
    equal(await modelsRequests(key), 0, 'no model list is fetched while usage is hidden');
    el.showUsage = true;
    await waitFor(() => $(el, '[part="usage"]'), 'the property to show it');
    el.messages = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'no usage here' },
    ];
    await el.updateComplete;
    equal($(el, '[part="usage"]'), null);
  });

  it('keeps usage with the stored message across a reload', async () => {
    const key = uniqueKey('usage-store');
    const storageKey = uniqueKey('store');
    const el = await mount({
      endpoint: endpoint('usage', key),
      'show-usage': true,
      storage: 'local',
      'storage-key': storageKey,
    });
    await el.send('hi');
    await idle(el);
    cleanup();
    const again = await mount({
      endpoint: endpoint('usage', key),
      'show-usage': true,
      storage: 'local',
      'storage-key': storageKey,
    });
    await waitFor(() => $(again, '[part="usage"]'), 'usage after reload');
    includes($(again, '[part="usage"]')!.textContent, '1,234 in');
    localStorage.removeItem(storageKey);
  });
});
