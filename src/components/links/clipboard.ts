// Writes text to the clipboard; false when the browser refuses or never
// answers (a permission prompt left open), so the caller shows the text instead.
const WAIT_MS = 1500;

export async function copyToClipboard(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return false;
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), WAIT_MS));
  const write = navigator.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
  return Promise.race([write, timeout]);
}
