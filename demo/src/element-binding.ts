// The link between one <gpt-chat> element and the chat it shows. The element holds one conversation at a
// time (storage="none"); this hands it a chat's messages, reads them back, and makes sure a change is only
// ever applied to the chat the messages belong to — never to the next chat after a switch.
import type { GptChat } from '../../src/widget/index.js';
import { sameMessages, settleMessages, withMessages } from './chats.js';
import type { Chat } from './types.js';

const STREAM_SAVE_MS = 1500;

export class ElementBinding {
  /** The chat id the element's messages belong to. */
  private boundId = '';
  /** True while we assign `messages` ourselves: the element's change event is then not user activity. */
  private assigning = false;
  private poll: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly element: () => GptChat | null) {}

  get streaming(): boolean {
    return Boolean(this.element()?.messages.some((m) => m.status === 'streaming'));
  }

  /**
   * Shows `chat` in the element. Returns the chat with the element's normalized copy of its messages (ids,
   * timestamps, statuses) — the same chat otherwise, so opening an old chat is not counted as activity.
   */
  bind(chat: Chat): Chat {
    const el = this.element();
    if (!el) return chat;
    this.boundId = chat.id;
    this.assigning = true;
    try {
      el.messages = settleMessages(chat.messages);
    } finally {
      this.assigning = false;
    }
    const adopted = el.messages;
    return sameMessages(adopted, chat.messages) ? chat : { ...chat, messages: adopted };
  }

  /** `chat` updated from the element, or null when nothing changed or the element shows another chat. */
  read(chat: Chat): Chat | null {
    const el = this.element();
    if (!el || this.assigning || this.boundId !== chat.id) return null;
    const next = withMessages(chat, el.messages);
    return next === chat ? null : next;
  }

  /** Stops a running reply and waits until the element has settled it (the partial text is kept). */
  async settle(): Promise<void> {
    const el = this.element();
    if (!el || !this.streaming) return;
    const stopped = new Promise<void>((resolve) => {
      const done = () => resolve();
      el.addEventListener('gpt-chat-stop', done, { once: true });
      el.addEventListener('gpt-chat-messages-change', done, { once: true });
      setTimeout(done, 1000);
    });
    el.stop();
    await stopped;
  }

  /**
   * While a reply streams the element sends no change events; `save` runs now and then so that a tab closed
   * mid-reply keeps the partial text.
   */
  watchStream(save: () => void): void {
    this.stopWatching();
    this.poll = setInterval(() => {
      if (!this.streaming) this.stopWatching();
      save();
    }, STREAM_SAVE_MS);
  }

  stopWatching(): void {
    clearInterval(this.poll);
    this.poll = undefined;
  }
}
