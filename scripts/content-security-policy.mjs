// @ts-check
// A Content-Security-Policy for the built site, as a <meta http-equiv> tag
// because a static host (GitHub Pages) cannot send headers. Astro and
// Starlight inline a few small scripts (the theme picker, the island loader);
// each page's policy allows exactly those by their SHA-256 hash, known only
// once the HTML is written, so the tag is added after the build.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Everything the site loads is its own: scripts, module workers, data, the
 * KaTeX fonts (and the small ones the bundler inlines as data: URLs). `wasm-unsafe-eval` lets the search (Pagefind) compile its
 * WebAssembly in the page; no `unsafe-eval`: cells compile in the worker,
 * which a meta policy does not govern. Inline styles stay allowed because
 * KaTeX and the figures position elements with style attributes; a style
 * cannot run code.
 * @param {string[]} scriptHashes `'sha256-…'` sources for the page's inline scripts
 */
export function policyFor(scriptHashes) {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${scriptHashes.map((h) => ` ${h}`).join('')}`,
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * The hash sources of a page's inline scripts (those without src that a browser would run).
 * @param {string} html
 */
export function inlineScriptHashes(html) {
  const hashes = new Set();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    if (/\bsrc\s*=/i.test(attributes)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
    // Data blocks (JSON, ld+json) are never run, so a policy ignores them.
    if (type && type !== 'module' && !type.includes('javascript')) continue;
    hashes.add(
      `'sha256-${createHash('sha256')
        .update(match[2] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return [...hashes].sort();
}

/**
 * The page with its policy as the first element after <meta charset> (a policy covers only what follows it).
 * @param {string} html
 */
export function withPolicy(html) {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policyFor(inlineScriptHashes(html))}">`;
  const charset = /<meta charset=["']?[\w-]+["']?\s*\/?>/i.exec(html);
  if (charset) return html.slice(0, charset.index + charset[0].length) + tag + html.slice(charset.index + charset[0].length);
  return html.replace(/<head\b[^>]*>/i, (head) => head + tag);
}

/** @param {string} dir */
async function htmlFiles(dir) {
  /** @type {string[]} */
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await htmlFiles(path)));
    else if (entry.name.endsWith('.html')) found.push(path);
  }
  return found;
}

/** @returns {import('astro').AstroIntegration} */
export default function contentSecurityPolicy() {
  return {
    name: 'content-security-policy',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const files = await htmlFiles(fileURLToPath(dir));
        for (const file of files) await writeFile(file, withPolicy(await readFile(file, 'utf8')));
        logger.info(`added a Content-Security-Policy to ${files.length} pages`);
      },
    },
  };
}
