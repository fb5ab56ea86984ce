// Applies the saved theme and language before first paint (no flash of the wrong theme). A plain external
// script rather than an inline one, so a strict Content-Security-Policy on the host does not block it.
try {
  var s = JSON.parse(localStorage.getItem('gpt-chat-page:settings') || 'null') || {};
  var dark = s.theme === 'dark' || (s.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  var zh = s.lang ? s.lang === 'zh-CN' : /^zh\b/i.test(navigator.language || '');
  document.documentElement.lang = zh ? 'zh-CN' : 'en';
} catch (e) {}
