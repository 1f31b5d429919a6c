// "Link to this view": a figure's controls in the URL's hash, after its anchor
// (#kernel-playground?photo=camera&w=...), so the link scrolls to the figure and
// restores what the reader set. Values are only ever parsed by the figure's own
// strict parser; anything it rejects is ignored with a note.
import { copyToClipboard } from '../../links/clipboard.ts';

/** The hash of a view: the figure's anchor, then its settings as a query. */
export function viewHash(anchor: string, params: Record<string, string>): string {
  return `#${anchor}?${new URLSearchParams(params).toString()}`;
}

/** The settings a hash carries for this figure, or null when it is not a view link to it. */
export function readView(hash: string, anchor: string): URLSearchParams | null {
  const prefix = `#${anchor}?`;
  if (!hash.startsWith(prefix)) return null;
  // A hostile link may be long: a view has a handful of short values.
  const query = hash.slice(prefix.length, prefix.length + 2000);
  return new URLSearchParams(query);
}

/** The note under a figure opened from a view link: what was restored, and what was not. */
export function viewNote(problems: readonly string[]): string {
  return problems.length
    ? `This link’s view was only partly used: ${problems.join('; ')}. Those settings keep their defaults.`
    : 'This view came from a link.';
}

/** Copies the view's URL; returns what to tell the reader. */
export async function copyViewLink(anchor: string, params: Record<string, string>): Promise<string> {
  const url = `${window.location.origin}${window.location.pathname}${viewHash(anchor, params)}`;
  return (await copyToClipboard(url)) ? 'Link to this view copied.' : `Copy this link to this view: ${url}`;
}

/** A link value that must be one of a figure's own choices (compared as text, so nothing is converted or run). */
export function linkChoice<T extends string | number>(
  params: URLSearchParams,
  key: string,
  label: string,
  choices: readonly T[],
): { value?: T; problem?: string } {
  const raw = params.get(key);
  if (raw === null) return {};
  const value = choices.find((c) => String(c) === raw);
  return value === undefined ? { problem: `${label} must be one of ${choices.join(', ')}` } : { value };
}
