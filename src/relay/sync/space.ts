// A token's sync space: the SHA-256 of the token in hex, so stored names (directories, keys) never hold the token
// and two tokens never share records. WebCrypto, so it runs on every runtime.
const encoder = new TextEncoder();

export async function spaceOf(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(token)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
