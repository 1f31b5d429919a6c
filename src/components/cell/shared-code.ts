// A cell's edited code in a link: deflate (CompressionStream) then base64url,
// in the URL's hash (#code/<cell id>/<payload>), so it never reaches a server.
// The code is only ever put in the editor; it runs when the reader presses Run.

export const SHARE_PREFIX = 'code/';
/** Compressed characters a link may carry: well under the ~8,000 that course platforms and mail clients keep. */
export const SHARE_LIMIT = 6000;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function encodeCode(code: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(code), new CompressionStream('deflate-raw')));
}

/** At most this many characters of code come out of a link (a zip bomb stops here). */
const MAX_DECODED = 200_000;

export async function decodeCode(payload: string): Promise<string> {
  const bytes = await pipe(fromBase64Url(payload), new DecompressionStream('deflate-raw'));
  if (bytes.length > MAX_DECODED) throw new Error('too long');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export type ShareLink = { kind: 'ok'; url: string } | { kind: 'too-long'; length: number };

export async function shareLink(
  location: Pick<Location, 'origin' | 'pathname'>,
  cellId: string,
  code: string,
): Promise<ShareLink> {
  const payload = await encodeCode(code);
  if (payload.length > SHARE_LIMIT) return { kind: 'too-long', length: payload.length };
  return { kind: 'ok', url: `${location.origin}${location.pathname}#${SHARE_PREFIX}${cellId}/${payload}` };
}

/** The payload a hash carries for this cell, or null when the hash is not a shared-code link to it. */
export function payloadFor(hash: string, cellId: string): string | null {
  const prefix = `#${SHARE_PREFIX}${cellId}/`;
  return hash.startsWith(prefix) ? hash.slice(prefix.length) : null;
}
