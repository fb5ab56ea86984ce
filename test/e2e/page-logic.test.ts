// The page's pure modules (demo/src): chat titles, search, ordering, settings, persona and chat files,
// shortcuts, and the repo's "never lose a write" behaviour against a store that runs out of space.
import { describe, expect, it } from 'vitest';
import { createChat, dateGroup, searchChats, sortChats, titleFrom, withMessages } from '../../demo/src/chats.js';
import { translator } from '../../demo/src/i18n.js';
import { builtinPersonas, ImportError, parsePersonaFile, personasToFile } from '../../demo/src/personas.js';
import { Repo, type SaveStatus } from '../../demo/src/repo.js';
import { accessCodeFor, relayCandidates, withAccessCode } from '../../demo/src/relay-trust.js';
import {
  defaultLang,
  endpoints,
  isValidRelay,
  normalizeRelay,
  normalizeSettings,
  relayFromQuery,
} from '../../demo/src/settings.js';
import { shortcutFor, type KeyLike } from '../../demo/src/shortcuts.js';
import { MemoryStore, StorageFullError, type Bucket } from '../../demo/src/store.js';
import {
  chatsToJson,
  chatsToMarkdown,
  mergeChats,
  parseChatsFile,
  parseChatsFileWithBlobs,
} from '../../demo/src/transfer.js';
import { attachmentIds, blobFromDataUrl } from '../../demo/src/attachments.js';
import type { Chat, ChatEntry } from '../../demo/src/types.js';
import { chatTotal, formatTotal, pricesLookup, startOfDay, todayTotal } from '../../demo/src/usage-totals.js';

const user = (content: string, id = content): ChatEntry => ({
  id,
  role: 'user',
  content,
  status: 'complete',
  createdAt: 1,
});
const bot = (content: string, id = `a-${content}`): ChatEntry => ({
  id,
  role: 'assistant',
  content,
  status: 'complete',
  createdAt: 1,
});
const general = builtinPersonas('en')[0]!;

describe('chat titles', () => {
  it('uses the first line of the first user message, whitespace collapsed', () => {
    expect(titleFrom([user('  How do   I sort\nan array?  ')])).toBe('How do I sort');
  });
  it('cuts long titles at 40 characters without splitting a character', () => {
    const t = titleFrom([user('请'.repeat(60))]);
    expect([...t]).toHaveLength(40);
    expect(t.endsWith('…')).toBe(true);
    expect(titleFrom([user('🙂'.repeat(50))]).includes('\uFFFD')).toBe(false);
  });
  it('titles a chat on its first exchange and keeps a renamed title', () => {
    const chat = createChat(general, '', 1);
    const titled = withMessages(chat, [user('Hello there'), bot('Hi')], 2);
    expect(titled.title).toBe('Hello there');
    expect(titled.updatedAt).toBe(2);
    const renamed = { ...titled, title: 'Mine', titleEdited: true };
    expect(withMessages(renamed, [...titled.messages, user('More')], 3).title).toBe('Mine');
  });
  it('does not bump a chat whose messages did not change', () => {
    const chat = withMessages(createChat(general, '', 1), [user('a')], 2);
    expect(
      withMessages(
        chat,
        chat.messages.map((m) => ({ ...m })),
        5,
      ),
    ).toBe(chat);
  });
});

describe('chat list', () => {
  const chats: Chat[] = [
    { ...createChat(general, '', 1), id: 'old', title: 'Recipes', messages: [user('pasta carbonara')], updatedAt: 10 },
    { ...createChat(general, '', 1), id: 'new', title: 'Code', messages: [user('Rust lifetimes')], updatedAt: 30 },
    { ...createChat(general, '', 1), id: 'mid', title: '翻译', messages: [user('你好世界')], updatedAt: 20 },
  ];
  it('orders newest first', () => {
    expect(sortChats(chats).map((c) => c.id)).toEqual(['new', 'mid', 'old']);
  });
  it('orders by the newest message, not by a reply that streamed or failed later', () => {
    const at = (m: ChatEntry, createdAt: number) => ({ ...m, createdAt });
    // 'first' was asked before 'second', but its reply went on (or failed) after: it stays below.
    const first = { ...createChat(general, '', 1), id: 'first', messages: [at(user('a'), 100), at(bot('…'), 101)] };
    const second = { ...createChat(general, '', 1), id: 'second', messages: [at(user('b'), 200)] };
    const list = [
      { ...first, updatedAt: 500 },
      { ...second, updatedAt: 300 },
    ];
    expect(sortChats(list).map((c) => c.id)).toEqual(['second', 'first']);
    // A new message moves a chat to the top.
    list[0] = { ...list[0]!, messages: [...first.messages, at(user('again'), 600)] };
    expect(sortChats(list).map((c) => c.id)).toEqual(['first', 'second']);
  });
  it('searches titles and message text, every word, case-insensitively', () => {
    expect(searchChats(chats, 'CARBONARA').map((c) => c.id)).toEqual(['old']);
    expect(searchChats(chats, 'rust code').map((c) => c.id)).toEqual(['new']);
    expect(searchChats(chats, '世界').map((c) => c.id)).toEqual(['mid']);
    expect(searchChats(chats, '  ')).toHaveLength(3);
    expect(searchChats(chats, 'nothing-like-this')).toHaveLength(0);
  });
  it('groups by day', () => {
    const now = new Date(2026, 10, 26, 12).getTime();
    expect(dateGroup(now - 3_600_000, now)).toBe('today');
    expect(dateGroup(now - 86_400_000, now)).toBe('yesterday');
    expect(dateGroup(now - 4 * 86_400_000, now)).toBe('week');
    expect(dateGroup(now - 40 * 86_400_000, now)).toBe('older');
  });
});

describe('settings', () => {
  it('fills in defaults and rejects unknown values', () => {
    const s = normalizeSettings({ theme: 'neon', lang: 'zh-CN', sendKey: 'ctrl-enter', accessCodes: { x: 5 } });
    expect(s).toMatchObject({ theme: 'auto', lang: 'zh-CN', sendKey: 'ctrl-enter', accessCodes: {} });
    expect(normalizeSettings(null).relay).toBe('');
  });
  it('picks Chinese for any zh browser language', () => {
    expect(defaultLang(['zh-TW'])).toBe('zh-CN');
    expect(defaultLang(['en-US', 'zh'])).toBe('zh-CN');
    expect(defaultLang(['fr'])).toBe('en');
  });
  it('accepts relay addresses as people paste them', () => {
    expect(normalizeRelay('https://x.example/v1/chat/completions')).toBe('https://x.example');
    expect(normalizeRelay('https://x.example/v1/')).toBe('https://x.example');
    expect(normalizeRelay('https://x.example/base/')).toBe('https://x.example/base');
    expect(endpoints('')).toEqual({ chat: '/v1/chat/completions', models: '/v1/models' });
    expect(endpoints('https://x.example/v1').chat).toBe('https://x.example/v1/chat/completions');
    expect(isValidRelay('javascript:alert(1)')).toBe(false);
    expect(isValidRelay('not a url')).toBe(false);
    expect(relayFromQuery('?relay=https%3A%2F%2Fr.example%2Fv1')).toBe('https://r.example');
    expect(relayFromQuery('?relay=ftp://x')).toBeNull();
    expect(relayFromQuery('')).toBeNull();
  });
});

describe('relay trust', () => {
  const own = 'https://own.example';
  it('moves the single access code of an older version to the origin it was used with', () => {
    expect(normalizeSettings({ accessCode: 'c1' }, own)).toMatchObject({ accessCodes: { [own]: 'c1' }, relay: '' });
    // An old saved relay (a link could have set it without asking) keeps its code but is only a candidate.
    const old = normalizeSettings({ accessCode: 'c2', relay: 'https://r.example/v1' }, own);
    expect(old).toMatchObject({
      accessCodes: { 'https://r.example': 'c2' },
      relay: '',
      unconfirmedRelay: 'https://r.example',
    });
    // Written by this version: the relay is the user's choice.
    expect(normalizeSettings({ accessCodes: {}, relay: 'https://r.example' }, own).relay).toBe('https://r.example');
  });
  it('keeps one code per relay origin and never hands one to another origin', () => {
    let codes = withAccessCode({}, '', own, 'mine');
    codes = withAccessCode(codes, 'https://r.example/base', own, 'theirs');
    expect(accessCodeFor(codes, '', own)).toBe('mine');
    expect(accessCodeFor(codes, own, own)).toBe('mine');
    expect(accessCodeFor(codes, 'https://r.example', own)).toBe('theirs');
    expect(accessCodeFor(codes, 'https://evil.example', own)).toBe('');
    expect(accessCodeFor(codes, 'https://r.example:444', own)).toBe('');
    expect(withAccessCode(codes, '', own, '')).toEqual({ 'https://r.example': 'theirs' });
  });
  it('asks about every address the user did not choose, except the one in use or a declined config', () => {
    const base = { link: null, saved: '', config: '', declinedConfig: '', current: '', pageOrigin: own };
    expect(relayCandidates(base)).toEqual([]);
    expect(relayCandidates({ ...base, link: own, config: `${own}/` })).toEqual([]);
    expect(
      relayCandidates({ ...base, link: 'https://a.example', saved: 'https://b.example', config: 'https://c.example' }),
    ).toEqual([
      { address: 'https://a.example', source: 'link' },
      { address: 'https://b.example', source: 'saved' },
      { address: 'https://c.example', source: 'config' },
    ]);
    expect(relayCandidates({ ...base, config: 'https://c.example', declinedConfig: 'https://c.example' })).toEqual([]);
    expect(relayCandidates({ ...base, config: 'https://c.example', current: 'https://c.example' })).toEqual([]);
    expect(relayCandidates({ ...base, link: 'https://c.example', current: 'https://d.example' })).toHaveLength(1);
  });
});

describe('persona files', () => {
  it('round-trips the export', () => {
    const own = [{ id: 'p-1', name: 'Poet', emoji: '🎭', prompt: 'Answer in verse.', temperature: 1.2 }];
    expect(parsePersonaFile(JSON.stringify(personasToFile(own)))).toEqual(own);
  });
  it('rejects malformed files with a reason, all or nothing', () => {
    const bad = (text: string) => {
      try {
        parsePersonaFile(text);
      } catch (e) {
        return (e as ImportError).key;
      }
      return 'accepted';
    };
    expect(bad('{not json')).toBe('importNotJson');
    expect(bad('{"hello":1}')).toBe('importWrongKind');
    expect(bad('[{"name":"ok","prompt":"x"},{"name":"","prompt":"x"}]')).toBe('importInvalid');
    expect(bad('[{"name":"hot","prompt":"x","temperature":9}]')).toBe('importInvalid');
  });
  it('never lets an import replace a built-in preset', () => {
    const [p] = parsePersonaFile('[{"id":"builtin:general","name":"Evil","prompt":"x"}]');
    expect(p!.id.startsWith('builtin:')).toBe(false);
  });
  it('has every preset in both languages', () => {
    const en = builtinPersonas('en');
    const zh = builtinPersonas('zh-CN');
    expect(en.map((p) => p.id)).toEqual(zh.map((p) => p.id));
    expect(en.length).toBeGreaterThanOrEqual(5);
    expect(zh.find((p) => p.id === 'builtin:translator')!.name).toBe('中英互译');
  });
});

describe('chat files', () => {
  const chat: Chat = { ...withMessages(createChat(general, 'demo', 1), [user('Hi'), bot('**Hello**')], 2) };
  it('round-trips the JSON export', () => {
    expect(parseChatsFile(chatsToJson([chat]))).toEqual([chat]);
  });
  it('writes readable Markdown', () => {
    const md = chatsToMarkdown([chat], { user: 'You', assistant: 'Assistant', system: 'System prompt' });
    expect(md).toContain('# Hi');
    expect(md).toContain('## You\n\nHi');
    expect(md).toContain('## Assistant\n\n**Hello**');
  });
  it('rejects malformed files', () => {
    const key = (text: string) => {
      try {
        parseChatsFile(text);
        return 'accepted';
      } catch (e) {
        return (e as ImportError).key;
      }
    };
    expect(key('nope')).toBe('importNotJson');
    expect(key('{"kind":"gpt-chat/personas","chats":[]}')).toBe('importWrongKind');
    expect(
      key(
        JSON.stringify({
          kind: 'gpt-chat/chats',
          version: 1,
          chats: [{ title: 'x', messages: [{ role: 'hacker', content: 'x' }] }],
        }),
      ),
    ).toBe('importInvalid');
    expect(key(JSON.stringify({ kind: 'gpt-chat/chats', version: 1, chats: [{ title: 'x', messages: 'no' }] }))).toBe(
      'importInvalid',
    );
  });
  it('keeps the versions tree through export and import, and rejects a malformed one', () => {
    const [u, a1] = chat.messages;
    const a2 = { ...bot('Another version'), id: 'm-a2' };
    const versioned: Chat = {
      ...chat,
      versions: {
        nodes: [
          { message: u!, parent: null, chosen: a1!.id },
          { message: a2, parent: u!.id },
          { message: a1!, parent: u!.id },
        ],
      },
    };
    expect(parseChatsFile(chatsToJson([versioned]))).toEqual([versioned]);
    const bad = JSON.parse(chatsToJson([versioned]));
    bad.chats[0].versions.nodes[1].message.role = 'hacker';
    expect(() => parseChatsFile(JSON.stringify(bad))).toThrow(ImportError);
    bad.chats[0].versions = { nodes: 'no' };
    expect(() => parseChatsFile(JSON.stringify(bad))).toThrow(ImportError);
  });
  it('merges by id, keeping the newer copy', () => {
    const older = { ...chat, title: 'older', updatedAt: 1 };
    const newer = { ...chat, title: 'newer', updatedAt: 9 };
    expect(mergeChats([newer], [older])[0]!.title).toBe('newer');
    expect(mergeChats([older], [newer])[0]!.title).toBe('newer');
  });
});

describe('shortcuts', () => {
  const key = (k: Partial<KeyLike>): KeyLike => ({
    key: '',
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...k,
  });
  it('maps keys to actions with Ctrl on PCs and Cmd on Apple', () => {
    expect(shortcutFor(key({ key: 'O', ctrlKey: true, shiftKey: true }), false)).toBe('newChat');
    expect(shortcutFor(key({ key: 'O', metaKey: true, shiftKey: true }), true)).toBe('newChat');
    expect(shortcutFor(key({ key: 'O', metaKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(key({ key: 'Escape', shiftKey: true }), false)).toBe('focusInput');
    expect(shortcutFor(key({ key: 'Escape' }), false)).toBe('stop');
    expect(shortcutFor(key({ key: 'C', code: 'KeyC', ctrlKey: true, shiftKey: true }), false)).toBe('copyLast');
    expect(shortcutFor(key({ key: '/', ctrlKey: true }), false)).toBe('shortcuts');
  });
  it('ignores keys during IME composition', () => {
    expect(shortcutFor(key({ key: 'Escape', isComposing: true }), false)).toBeNull();
  });
});

describe('i18n', () => {
  it('interpolates and has both languages', () => {
    expect(translator('en')('imported', { n: 3 })).toBe('Chats imported: 3');
    expect(translator('zh-CN')('imported', { n: 3 })).toBe('已导入 3 个对话');
  });
});

describe('repo', () => {
  /** A store that fails with "quota exceeded" while `full` is set. */
  class FullStore extends MemoryStore {
    full = true;
    override async put(bucket: Bucket, value: { id: string }) {
      if (this.full) throw new StorageFullError();
      return super.put(bucket, value);
    }
  }

  it('reports a full store, keeps the write pending, and saves it on retry', async () => {
    const store = new FullStore();
    const statuses: SaveStatus[] = [];
    const repo = new Repo(store, (s) => statuses.push(s), 0);
    const chat = withMessages(createChat(general, '', 1), [user('keep me')], 2);
    repo.putChat(chat);
    await repo.flush();
    expect(statuses.at(-1)).toBe('full');
    expect(repo.hasPending).toBe(true);
    expect(repo.chats.get(chat.id)).toBe(chat); // still in memory
    store.full = false;
    await repo.flush();
    expect(statuses.at(-1)).toBe('ok');
    expect(repo.hasPending).toBe(false);
    expect(await store.getAll('chats')).toEqual([chat]);
  });

  it('starts a write at once, even while an earlier one is still being stored (a delete before a reload is not left waiting)', async () => {
    let release = () => {};
    const calls: string[] = [];
    class SlowStore extends MemoryStore {
      override async put(bucket: Bucket, value: { id: string }) {
        calls.push(`put ${value.id}`);
        await new Promise<void>((resolve) => (release = resolve));
        return super.put(bucket, value);
      }
      override async delete(bucket: Bucket, id: string) {
        calls.push(`delete ${id}`);
        return super.delete(bucket, id);
      }
    }
    const store = new SlowStore();
    const repo = new Repo(store, () => {}, 0);
    const kept = createChat(general, '', 1);
    const gone = createChat(general, '', 2);
    repo.putChat(kept);
    const first = repo.flush();
    repo.deleteChat(gone.id);
    const second = repo.flush();
    expect(calls).toEqual([`put ${kept.id}`, `delete ${gone.id}`]); // the delete did not wait for the put
    release();
    await Promise.all([first, second]);
    expect(await store.getAll('chats')).toEqual([kept]);
  });

  it('writes the latest version when updates race', async () => {
    const store = new MemoryStore();
    const repo = new Repo(store, () => {}, 5);
    const chat = createChat(general, '', 1);
    for (let i = 0; i < 5; i++) repo.putChat({ ...chat, title: `v${i}` }, true);
    repo.putChat({ ...chat, title: 'final' });
    await repo.flush();
    expect((await store.getAll<Chat>('chats'))[0]!.title).toBe('final');
  });
});

describe('usage totals', () => {
  const NOW = new Date(2026, 11, 1, 15, 0).getTime();
  const HOUR = 3_600_000;
  const priceOf = pricesLookup(new Map([['m', { prompt: 0.000001, completion: 0.000002 }]]));
  const reply = (createdAt: number, model = 'm'): ChatEntry =>
    ({
      id: `r${createdAt}`,
      role: 'assistant',
      content: 'a',
      createdAt,
      usage: { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, model },
    }) as ChatEntry;
  const chat = (id: string, messages: ChatEntry[]): Chat => ({
    id,
    title: id,
    personaId: 'p',
    prompt: '',
    messages,
    createdAt: messages[0]?.createdAt ?? NOW,
    updatedAt: Math.max(...messages.map((m) => m.createdAt)),
  });

  it('sums a chat, and today across chats since local midnight', () => {
    const older = chat('old', [reply(NOW - 30 * HOUR)]);
    const mixed = chat('mixed', [reply(NOW - 20 * HOUR), reply(NOW - HOUR), reply(NOW - 2 * HOUR, 'unpriced')]);
    expect(startOfDay(NOW)).toBe(new Date(2026, 11, 1).getTime());
    expect(chatTotal(mixed, priceOf)).toMatchObject({ prompt: 3000, completion: 1500, replies: 3, priced: 2 });
    const today = todayTotal([older, mixed], priceOf, NOW);
    expect(today).toMatchObject({ prompt: 2000, completion: 1000, replies: 2, priced: 1 });
    expect(formatTotal(today, 'en', translator('en'))).toBe('3,000 tokens · $0.002');
    expect(formatTotal(chatTotal(chat('none', [reply(NOW, 'unpriced')]), priceOf), 'zh-CN', translator('zh-CN'))).toBe(
      '1,500 tokens',
    );
    expect(formatTotal(todayTotal([], priceOf, NOW), 'en', translator('en'))).toBe('');
  });
});

describe('attachments in export / import', () => {
  const photo = {
    id: 'att-1',
    kind: 'image' as const,
    name: 'cat.jpg',
    type: 'image/jpeg',
    size: 3,
    width: 2,
    height: 1,
    tokens: 765,
  };
  const chat: Chat = {
    id: 'c1',
    title: 't',
    personaId: 'builtin:general',
    prompt: '',
    messages: [{ ...user('look'), attachments: [photo] }],
    createdAt: 1,
    updatedAt: 2,
  };

  it('the file carries the bytes as data: URLs beside the chats, and reads back', () => {
    const text = chatsToJson([chat], new Date(0), { 'att-1': 'data:image/jpeg;base64,AQID' });
    const { chats, blobs } = parseChatsFileWithBlobs(text);
    expect(chats).toEqual([chat]);
    expect(blobs).toEqual({ 'att-1': 'data:image/jpeg;base64,AQID' });
    expect(attachmentIds(chats)).toEqual(['att-1']);
    expect(JSON.parse(chatsToJson([chat])).blobs).toBeUndefined();
  });

  it('refuses malformed attachment metadata (the import is all or nothing)', () => {
    const bad = { ...chat, messages: [{ ...user('x'), attachments: [{ ...photo, kind: 'video' }] }] };
    expect(() => parseChatsFile(chatsToJson([bad as Chat]))).toThrow();
    const notArray = { ...chat, messages: [{ ...user('x'), attachments: 'nope' }] };
    expect(() => parseChatsFile(chatsToJson([notArray as unknown as Chat]))).toThrow();
  });

  it('stores only the media types the element itself stores, decoded', async () => {
    const blob = blobFromDataUrl('data:image/jpeg;base64,AQID')!;
    expect(blob.type).toBe('image/jpeg');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3]);
    expect(await blobFromDataUrl('data:text/plain;charset=utf-8;base64,5bGx')!.text()).toBe('山');
    for (const url of [
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:text/html;base64,PGI+',
      'https://example.com/x.jpg',
      'data:image/jpeg;base64,@@@',
      42,
    ])
      expect(blobFromDataUrl(url)).toBeNull();
  });
});
