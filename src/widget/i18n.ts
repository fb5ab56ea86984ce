// Every string the widget shows, in Simplified Chinese and English. Keys are the same in both tables
// (the type checker enforces it), so a string can never exist in only one language.

export type Lang = 'zh-CN' | 'en';

const en = {
  title: 'Chat',
  placeholder: 'Type a message…',
  inputLabel: 'Message',
  send: 'Send',
  stop: 'Stop',
  close: 'Close chat',
  open: 'Open chat',
  clear: 'Clear conversation',
  clearConfirm: 'Clear the whole conversation?',
  copy: 'Copy',
  copied: 'Copied',
  copyMessage: 'Copy message',
  copyCode: 'Copy code',
  table: 'Table',
  footnoteBack: 'Back to reference',
  loadImage: 'Load image from {host}',
  imageFrom: 'Image from {host}',
  imageBlocked: 'Image from {host} (not loaded)',
  image: 'Image',
  regenerate: 'Regenerate reply',
  versions: 'Versions',
  versionPrevious: 'Previous version',
  versionNext: 'Next version',
  versionOf: 'Version {i} of {n}',
  edit: 'Edit and resend',
  retry: 'Retry',
  retryIn: 'Retry in {s} s',
  continue: 'Continue',
  cancel: 'Cancel',
  save: 'Save and send',
  you: 'You',
  assistant: 'Assistant',
  log: 'Conversation',
  jump: 'Jump to latest',
  thinking: 'Thinking',
  thinkingLive: 'Thinking… {s} s',
  thoughtFor: 'Thought for {s} s',
  waiting: 'Waiting for the model… {s} s',
  waitingStart: 'Waiting for the model…',
  typing: 'Writing a reply…',
  stopped: 'Stopped. The partial reply is kept.',
  interrupted: 'This reply was interrupted.',
  cutOff: 'The reply was cut off (length limit).',
  trimmed: 'Earlier messages ({n}) are not sent to the model (context limit).',
  quota: 'Browser storage is full: this conversation is no longer saved. Clear old conversations to free space.',
  replyDone: 'Reply received: {text}',
  errorAuth: 'This chat needs an access code.',
  errorAuthWrong: 'The access code was not accepted.',
  errorUpstreamAuth: "The provider rejected this relay's API key; the relay's owner must fix it.",
  errorQuota: "The model provider's quota for this chat is used up (429); the relay's owner must add credit.",
  errorForbidden: 'Access denied (403). The relay refused this request.',
  errorTooLarge: 'The message is too long for the server (413). Shorten it or clear older messages.',
  errorRateLimit: 'Too many requests (429). Try again in {s} seconds.',
  errorRateLimitNoTime: 'Too many requests (429). Please wait a moment and retry.',
  errorServer: 'The server had a problem ({status}). Please retry.',
  errorNetwork: 'Cannot reach the chat server. Check your connection and retry.',
  errorBadRequest: 'The request was rejected ({status}).',
  errorUpstream: 'The model service reported an error.',
  errorUpstreamStatus: 'The model service is not responding ({status}). Please retry.',
  errorDetail: 'Details: {message}',
  accessCode: 'Access code',
  accessCodeSubmit: 'Unlock',
  greetingLabel: 'Greeting',
  newline: 'Shift+Enter for a new line',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  title: '聊天',
  placeholder: '输入消息…',
  inputLabel: '消息',
  send: '发送',
  stop: '停止',
  close: '关闭聊天',
  open: '打开聊天',
  clear: '清空对话',
  clearConfirm: '确定清空整个对话吗？',
  copy: '复制',
  copied: '已复制',
  copyMessage: '复制消息',
  copyCode: '复制代码',
  table: '表格',
  footnoteBack: '返回引用处',
  loadImage: '加载来自 {host} 的图片',
  imageFrom: '来自 {host} 的图片',
  imageBlocked: '来自 {host} 的图片（未加载）',
  image: '图片',
  regenerate: '重新生成回复',
  versions: '版本',
  versionPrevious: '上一个版本',
  versionNext: '下一个版本',
  versionOf: '第 {i} 个版本，共 {n} 个',
  edit: '编辑并重新发送',
  retry: '重试',
  retryIn: '{s} 秒后重试',
  continue: '继续',
  cancel: '取消',
  save: '保存并发送',
  you: '你',
  assistant: '助手',
  log: '对话',
  jump: '跳到最新',
  thinking: '思考过程',
  thinkingLive: '思考中… {s} 秒',
  thoughtFor: '已思考 {s} 秒',
  waiting: '等待模型回复… {s} 秒',
  waitingStart: '等待模型回复…',
  typing: '正在回复…',
  stopped: '已停止，已保留部分回复。',
  interrupted: '此回复被中断。',
  cutOff: '回复被截断（达到长度上限）。',
  trimmed: '更早的 {n} 条消息未发送给模型（上下文限制）。',
  quota: '浏览器存储已满：此对话不再保存。请清理旧对话以释放空间。',
  replyDone: '已收到回复：{text}',
  errorAuth: '此聊天需要访问码。',
  errorAuthWrong: '访问码不正确。',
  errorUpstreamAuth: '模型服务商拒绝了此中转服务的 API 密钥，需由中转服务的所有者修复。',
  errorQuota: '模型服务商为此聊天提供的额度已用完（429），需由中转服务的所有者充值。',
  errorForbidden: '拒绝访问（403）。中转服务拒绝了此请求。',
  errorTooLarge: '消息过长，服务器无法处理（413）。请缩短内容或清理较早的消息。',
  errorRateLimit: '请求过于频繁（429）。请在 {s} 秒后重试。',
  errorRateLimitNoTime: '请求过于频繁（429）。请稍候再试。',
  errorServer: '服务器出现问题（{status}），请重试。',
  errorNetwork: '无法连接聊天服务器。请检查网络后重试。',
  errorBadRequest: '请求被拒绝（{status}）。',
  errorUpstream: '模型服务返回了错误。',
  errorUpstreamStatus: '模型服务暂时无响应（{status}），请重试。',
  errorDetail: '详情：{message}',
  accessCode: '访问码',
  accessCodeSubmit: '解锁',
  greetingLabel: '问候语',
  newline: 'Shift+Enter 换行',
};

const tables: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Picks the UI language: the `lang` attribute, else the page's <html lang>, else the browser's. */
export function resolveLang(attr: string | null | undefined, doc: Document = document): Lang {
  const candidates = [attr, doc.documentElement.lang, ...(globalThis.navigator?.languages ?? [])];
  for (const c of candidates) {
    if (!c) continue;
    const lower = c.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Looks up a string and fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = tables[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** For tests: both tables, to check that no string is missing or left untranslated. */
export const STRINGS = tables;
