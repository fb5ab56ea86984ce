// Entry of the script-tag bundle and of `import 'gpt-chat'`: defines <gpt-chat> once (a page may load
// the script twice, or define its own subclass first) and exports the class, its types and the copy helper
// (the page's "copy the last reply" uses the element's own fallback for plain-http pages).
import { GptChat } from './gpt-chat.js';

export { GptChat };
export type { ModelListInput } from './gpt-chat.js';
export { copyText } from './clipboard.js';
export type { ChatEntry, ChatEntryInit, MessageStatus } from './conversation/session.js';
export { ChatSession } from './conversation/session.js';
export type { StoredTree } from './conversation/tree.js';
export type { Lang } from './i18n.js';
export type * from './events.js';

if (!customElements.get('gpt-chat')) customElements.define('gpt-chat', GptChat);

declare global {
  interface HTMLElementTagNameMap {
    'gpt-chat': GptChat;
  }
}
