// Built-in persona presets (in both page languages) and validation of imported persona files.
import type { Lang, Persona } from './types.js';

interface Preset {
  id: string;
  emoji: string;
  temperature?: number;
  name: Record<Lang, string>;
  prompt: Record<Lang, string>;
}

const PRESETS: Preset[] = [
  {
    id: 'builtin:general',
    emoji: '💬',
    name: { en: 'General assistant', 'zh-CN': '通用助手' },
    prompt: {
      en: 'You are a helpful, concise assistant. Answer in the language the user writes in. Use Markdown when it helps.',
      'zh-CN': '你是一个乐于助人、回答简洁的助手。用用户提问所用的语言回答，需要时使用 Markdown。',
    },
  },
  {
    id: 'builtin:translator',
    emoji: '🌐',
    temperature: 0.3,
    name: { en: 'Translator 中英互译', 'zh-CN': '中英互译' },
    prompt: {
      en: 'You are a translator between Chinese and English. If the text is Chinese, translate it into natural English; otherwise translate it into natural Simplified Chinese. Output only the translation.',
      'zh-CN': '你是中英互译助手。如果输入是中文，翻译成地道的英文；否则翻译成地道的简体中文。只输出译文。',
    },
  },
  {
    id: 'builtin:code',
    emoji: '🧑‍💻',
    temperature: 0.2,
    name: { en: 'Code helper', 'zh-CN': '编程助手' },
    prompt: {
      en: 'You are a senior software engineer. Give correct, idiomatic code in fenced blocks with the language named, explain briefly, and point out edge cases and risks.',
      'zh-CN':
        '你是一名资深软件工程师。给出正确、地道的代码（放在标明语言的代码块中），简要解释，并指出边界情况和风险。',
    },
  },
  {
    id: 'builtin:polish',
    emoji: '✍️',
    temperature: 0.5,
    name: { en: 'Writing polish', 'zh-CN': '文字润色' },
    prompt: {
      en: 'You are an editor. Improve the clarity, flow and grammar of the text the user gives, keep its meaning and language, and return the polished text followed by a short list of the main changes.',
      'zh-CN':
        '你是一名编辑。在保持原意和原语言的前提下，改进用户所给文字的清晰度、流畅度和语法，先给出润色后的全文，再简要列出主要修改。',
    },
  },
  {
    id: 'builtin:eli5',
    emoji: '🧸',
    name: { en: "Explain like I'm new", 'zh-CN': '通俗讲解' },
    prompt: {
      en: 'Explain things to a curious beginner: plain words, one idea at a time, an everyday analogy, no jargon without a definition.',
      'zh-CN': '向一位好奇的初学者讲解：用平实的语言，一次讲一个要点，配一个生活中的类比，术语必须先解释。',
    },
  },
  {
    id: 'builtin:summary',
    emoji: '📝',
    temperature: 0.3,
    name: { en: 'Summarizer', 'zh-CN': '摘要总结' },
    prompt: {
      en: 'Summarize what the user gives you: a one-sentence gist, then the key points as a short bulleted list. Keep names and numbers exact.',
      'zh-CN': '总结用户提供的内容：先用一句话概括，再用简短的要点列表列出关键信息。人名和数字保持准确。',
    },
  },
];

export const DEFAULT_PERSONA_ID = 'builtin:general';

export function builtinPersonas(lang: Lang): Persona[] {
  return PRESETS.map((p) => ({
    id: p.id,
    emoji: p.emoji,
    name: p.name[lang],
    prompt: p.prompt[lang],
    ...(p.temperature === undefined ? {} : { temperature: p.temperature }),
  }));
}

export const isBuiltin = (id: string): boolean => id.startsWith('builtin:');

/** All personas the picker shows: presets first, then the user's own. */
export function allPersonas(lang: Lang, own: Persona[]): Persona[] {
  return [...builtinPersonas(lang), ...own];
}

export function findPersona(lang: Lang, own: Persona[], id: string): Persona {
  const all = allPersonas(lang, own);
  return all.find((p) => p.id === id) ?? all[0]!;
}

// ---- persona files --------------------------------------------------------------------------------------

export const PERSONA_FILE_KIND = 'gpt-chat/personas';

export interface PersonaFile {
  kind: typeof PERSONA_FILE_KIND;
  version: 1;
  personas: Persona[];
}

export function personasToFile(own: Persona[]): PersonaFile {
  return { kind: PERSONA_FILE_KIND, version: 1, personas: own.map(clean) };
}

/** Thrown for a file that must not be imported; `key` is an i18n key, `detail` says where. */
export class ImportError extends Error {
  constructor(
    readonly key: 'importNotJson' | 'importWrongKind' | 'importInvalid',
    readonly detail = '',
  ) {
    super(detail ? `${key}: ${detail}` : key);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validatePersona(v: unknown, where: string): Persona {
  if (!isObject(v)) throw new ImportError('importInvalid', `${where}: not an object`);
  const { id, name, emoji, prompt, model, temperature } = v;
  if (typeof name !== 'string' || !name.trim() || name.length > 100)
    throw new ImportError('importInvalid', `${where}.name`);
  if (typeof prompt !== 'string' || prompt.length > 20_000) throw new ImportError('importInvalid', `${where}.prompt`);
  if (emoji !== undefined && (typeof emoji !== 'string' || emoji.length > 16))
    throw new ImportError('importInvalid', `${where}.emoji`);
  if (id !== undefined && typeof id !== 'string') throw new ImportError('importInvalid', `${where}.id`);
  if (model !== undefined && (typeof model !== 'string' || model.length > 200))
    throw new ImportError('importInvalid', `${where}.model`);
  if (temperature !== undefined && !(typeof temperature === 'number' && temperature >= 0 && temperature <= 2))
    throw new ImportError('importInvalid', `${where}.temperature`);
  return clean({
    id: typeof id === 'string' && id && !isBuiltin(id) ? id : newId('p'),
    name: name.trim(),
    emoji: (emoji as string | undefined) || '🙂',
    prompt,
    ...(model ? { model: model as string } : {}),
    ...(temperature === undefined ? {} : { temperature: temperature as number }),
  });
}

/** Parses a persona file (our own export, or a bare array of personas). Throws ImportError; never partial. */
export function parsePersonaFile(text: string): Persona[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportError('importNotJson');
  }
  const list = Array.isArray(data)
    ? data
    : isObject(data) && data.kind === PERSONA_FILE_KIND
      ? data.personas
      : undefined;
  if (!Array.isArray(list)) throw new ImportError('importWrongKind');
  return list.map((p, i) => validatePersona(p, `personas[${i}]`));
}

function clean(p: Persona): Persona {
  const out: Persona = { id: p.id, name: p.name, emoji: p.emoji, prompt: p.prompt };
  if (p.model) out.model = p.model;
  if (typeof p.temperature === 'number') out.temperature = p.temperature;
  return out;
}

export function newId(prefix: string): string {
  const random =
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${random}`;
}
