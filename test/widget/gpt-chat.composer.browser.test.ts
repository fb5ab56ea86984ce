// The composer after a failure: the failed text comes back into the input, and a Retry that succeeds
// takes it out again, so it is never ready to be sent twice.
import { sendKeys } from '@web/test-runner-commands';
import { equal } from './_support/assert.js';
import {
  $,
  assistantTexts,
  cleanup,
  endpoint,
  idle,
  input,
  mount,
  type,
  uniqueKey,
  userTexts,
  waitFor,
} from './_support/helpers.js';

describe('<gpt-chat> composer', () => {
  afterEach(cleanup);

  it('a Retry that succeeds empties the input the failure filled', async () => {
    const el = await mount({ endpoint: endpoint('fail-once', uniqueKey('retry-clears')) });
    input(el).focus();
    await sendKeys({ type: 'send me once' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => $(el, '.notice.error button.retry'), 'retry button');
    equal(input(el).value, 'send me once', 'the failed text is back in the input');
    $<HTMLButtonElement>(el, '.notice.error button.retry')!.click();
    await waitFor(() => assistantTexts(el)[0]?.includes('Hello'), 'reply after retry');
    await idle(el);
    equal(input(el).value, '', 'the input is empty after the Retry succeeded');
    equal(userTexts(el).length, 1);
  });

  it('what the user typed after the failure stays', async () => {
    const el = await mount({ endpoint: endpoint('fail-once', uniqueKey('retry-keeps')) });
    await el.send('first');
    await waitFor(() => $(el, '.notice.error button.retry'), 'retry button');
    type(el, 'something new');
    $<HTMLButtonElement>(el, '.notice.error button.retry')!.click();
    await waitFor(() => assistantTexts(el)[0]?.includes('Hello'), 'reply after retry');
    await idle(el);
    equal(input(el).value, 'something new');
  });
});
