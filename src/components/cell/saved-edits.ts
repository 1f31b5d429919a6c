// A reader's edit of a cell, kept in localStorage per page and cell, with the
// site version and a hash of the original it was made from: when a later
// deploy changes the original, the cell says so rather than silently keeping
// an edit of code that no longer exists.

export interface SavedEdit {
  code: string;
  /** Hash of the original code the edit was made from. */
  original: string;
  /** package.json's version of the site that saved it. */
  version: string;
  savedAt: string;
}

const PREFIX = 'cnn-guide:edit:';

export function editKey(page: string, cellId: string): string {
  return `${PREFIX}${page}#${cellId}`;
}

/** FNV-1a, 32 bits, in hex: enough to notice that a cell's original changed. */
export function hashCode(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function loadEdit(key: string): SavedEdit | null {
  try {
    const raw = storage()?.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<SavedEdit>;
    if (typeof value.code !== 'string' || typeof value.original !== 'string') return null;
    return {
      code: value.code,
      original: value.original,
      version: String(value.version ?? ''),
      savedAt: String(value.savedAt ?? ''),
    };
  } catch {
    return null;
  }
}

export function saveEdit(key: string, edit: SavedEdit): void {
  try {
    storage()?.setItem(key, JSON.stringify(edit));
  } catch {
    // A full or blocked storage loses the edit on reload, nothing more.
  }
}

export function forgetEdit(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // As above.
  }
}
