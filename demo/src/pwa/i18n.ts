// Strings of the app-install parts (update and offline banners, storage in Settings), English and Simplified Chinese.
import type { Lang } from '../types.js';

const en = {
  updateAvailable: 'Update available',
  reload: 'Reload',
  offline: 'Offline: your chats are all here; sending a message needs the network.',
  storageTitle: 'Storage in this browser',
  storageUsed: '{used} used of {quota} available.',
  storagePersistent: 'Kept until you delete it: the browser will not clear it to free space.',
  storageEvictable: 'The browser may clear it when space runs low. Turn on sync or export to keep a copy.',
  storageUnknown: 'This browser does not say how much is stored.',
} as const;

type PwaKey = keyof typeof en;

const zhCN: Record<PwaKey, string> = {
  updateAvailable: '有新版本',
  reload: '重新加载',
  offline: '离线：所有对话都在本机，发送消息需要联网。',
  storageTitle: '本浏览器中的存储',
  storageUsed: '已用 {used}，可用 {quota}。',
  storagePersistent: '会一直保留，直到你删除：浏览器不会为腾出空间而清除它。',
  storageEvictable: '空间不足时浏览器可能清除它。开启同步或导出以保留一份副本。',
  storageUnknown: '此浏览器没有提供存储用量。',
};

export type PwaTranslate = (key: PwaKey, vars?: Record<string, string>) => string;

export function pwaTranslator(lang: Lang): PwaTranslate {
  const table = lang === 'zh-CN' ? zhCN : en;
  return (key, vars = {}) => table[key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}
