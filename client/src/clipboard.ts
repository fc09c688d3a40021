// Copying an access link: the Clipboard API where the page may use it, else the older select-and-copy.

/** Copies text to the clipboard: the Clipboard API, else the selected field and execCommand. */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* not allowed here (no permission, insecure origin): try the older way */
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
