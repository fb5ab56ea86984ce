// The sync section's strings, English and Simplified Chinese (same keys, checked by the type), kept apart from the
// page's table so sync stays one folder.
import type { Lang } from '../types.js';
import type { SyncFailureKind } from './client.js';

const en = {
  title: 'Sync',
  intro:
    'Keep chats, personas and settings on every device through your relay, end-to-end encrypted: the relay stores only ciphertext and sees how many records there are, their sizes and when they change — never a title, message or setting. Needs an access code; the synced data belongs to that code.',
  passphrase: 'Sync passphrase',
  passphraseHint: 'Use the same passphrase on every device. It never leaves this browser and cannot be recovered.',
  turnOn: 'Turn on sync',
  turningOn: 'Turning on…',
  on: 'Sync is on.',
  lastSync: 'Last synced {time}.',
  never: 'Not synced yet.',
  syncing: 'Syncing…',
  syncNow: 'Sync now',
  turnOff: 'Turn off',
  deleteRemote: 'Delete the copy on the relay',
  confirmDelete: 'Delete the synced copy on the relay for every device? The chats in this browser stay.',
  deleted: 'The copy on the relay was deleted. Sync is off.',
  used: '{used} of {quota} used on the relay.',
  'error.offline': 'Offline: changes are kept here and sync when the network is back.',
  'error.auth': 'The relay did not accept the access code. Check it above.',
  'error.disabled': 'This relay does not offer sync (it was started without --sync-dir).',
  'error.needs-token': 'Sync needs a relay with access codes (--access-token).',
  'error.quota':
    'The relay’s sync space is full. Nothing was lost here; delete old chats or ask for a larger --sync-quota.',
  'error.wrong-passphrase': 'Wrong passphrase: it does not open the synced data. Nothing was changed.',
  'error.passphrase-changed': 'The synced data was reset or the passphrase changed. Turn sync on again.',
  'error.space-changed':
    'The relay address or access code changed, so sync stopped: the synced data belongs to the old code. Your chats here are kept. Turn sync on again to sync with this code.',
  'error.space-deleted':
    'The copy on the relay was deleted (on another device), so sync stopped. Your chats here are kept. Turn sync on again to start a new copy.',
  'error.server': 'The relay could not sync right now. It will try again.',
} as const;

type SyncKey = keyof typeof en;

const zhCN: Record<SyncKey, string> = {
  title: '同步',
  intro:
    '通过你的中转服务器在所有设备间同步对话、角色和设置，端到端加密：中转只保存密文，只能看到记录的数量、大小和更改时间，看不到任何标题、消息或设置。需要访问码；同步数据属于该访问码。',
  passphrase: '同步口令',
  passphraseHint: '每台设备使用同一个口令。口令不会离开此浏览器，忘记后无法找回。',
  turnOn: '开启同步',
  turningOn: '正在开启…',
  on: '同步已开启。',
  lastSync: '上次同步：{time}。',
  never: '尚未同步。',
  syncing: '正在同步…',
  syncNow: '立即同步',
  turnOff: '关闭',
  deleteRemote: '删除中转上的副本',
  confirmDelete: '要为所有设备删除中转上的同步副本吗？此浏览器中的对话会保留。',
  deleted: '中转上的副本已删除，同步已关闭。',
  used: '中转已用 {used}，共 {quota}。',
  'error.offline': '离线：更改保存在本机，联网后自动同步。',
  'error.auth': '中转不接受访问码，请在上方检查。',
  'error.disabled': '此中转未开启同步（启动时没有 --sync-dir）。',
  'error.needs-token': '同步需要设置了访问码的中转（--access-token）。',
  'error.quota': '中转的同步空间已满。本机数据没有丢失；请删除旧对话，或请管理员调大 --sync-quota。',
  'error.wrong-passphrase': '口令错误：无法解开已同步的数据。没有做任何更改。',
  'error.passphrase-changed': '同步数据已被重置或口令已更改，请重新开启同步。',
  'error.space-changed':
    '中转地址或访问码已更改，同步已停止：已同步的数据属于原来的访问码。本机的对话都已保留。如需用新的访问码同步，请重新开启同步。',
  'error.space-deleted':
    '中转上的副本已被删除（可能是在另一台设备上），同步已停止。本机的对话都已保留。重新开启同步即可建立新的副本。',
  'error.server': '中转暂时无法同步，稍后会自动重试。',
};

export type SyncTranslate = (key: SyncKey | `error.${SyncFailureKind}`, vars?: Record<string, string>) => string;

export function syncTranslator(lang: Lang): SyncTranslate {
  const table = lang === 'zh-CN' ? zhCN : en;
  return (key, vars = {}) => table[key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}

/** 1536000 → "1.5 MB" (decimal units, as phones show storage). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
