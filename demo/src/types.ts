// The page's own data model. Chats and personas live in the page's store (IndexedDB); the <gpt-chat> element
// runs with storage="none" and is handed one chat's messages at a time.
import type { ChatEntry, StoredTree } from '../../src/widget/index.js';

export type { ChatEntry };

export type Lang = 'zh-CN' | 'en';
export type Theme = 'light' | 'dark' | 'auto';
export type SendKey = 'enter' | 'ctrl-enter';

/** A system prompt with a face. Built-in presets have ids starting with `builtin:` and cannot be edited. */
export interface Persona {
  id: string;
  name: string;
  emoji: string;
  prompt: string;
  model?: string;
  temperature?: number;
}

/** When a message was deleted, or when that delete was undone (`restored`): the later mark wins on merge. */
export interface MessageMark {
  at: number;
  restored?: boolean;
}

/** One conversation. `messages` is exactly what the element's `messages` property holds (no system prompt). */
export interface Chat {
  id: string;
  title: string;
  /** True once the user renamed it: auto-titling then leaves it alone. */
  titleEdited?: boolean;
  /** True once the page asked the model for a title (whatever came of it): it asks only once per chat. */
  titleAsked?: boolean;
  /** When the user last changed the chat's own fields (title, persona, model, options): sync keeps the later. */
  editedAt?: number;
  personaId: string;
  /** The system prompt in force, copied from the persona so a later persona edit or delete does not rewrite history. */
  prompt: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  messages: ChatEntry[];
  /**
   * The versions of its turns (regenerated replies, edited messages) as a tree whose shown path is `messages`;
   * absent while every turn has one version (and in chats saved before versions existed).
   */
  versions?: StoredTree<ChatEntry>;
  /** Messages deleted (or their delete undone) by id, so sync carries the delete to other devices. */
  deletedMessages?: Record<string, MessageMark>;
  createdAt: number;
  updatedAt: number;
}

export interface Settings {
  /** Access codes by relay origin: a code is only ever sent to the origin it was entered for. */
  accessCodes: Record<string, string>;
  theme: Theme;
  lang: Lang;
  sendKey: SendKey;
  /**
   * Base URL of the relay the user chose ('' = same origin as the page). The chat endpoint is
   * `${relay}/v1/chat/completions`. Only Settings or a confirmed dialog write it.
   */
  relay: string;
  /** A relay an older version saved without asking: used only once the user confirms it ('' = none). */
  unconfirmedRelay: string;
  /** The config.json address the user declined, so the page does not ask again ('' = none). */
  declinedConfigRelay: string;
  /** Model for new chats when the persona names none ('' = the relay's default). */
  defaultModel: string;
  /** Ask the chat's model for a short title after the first reply (else the title is the first words). */
  modelTitles: boolean;
  /** Tokens and cost under each reply (the element's show-usage) and the totals in the top bar and Settings. */
  showUsage: boolean;
}
