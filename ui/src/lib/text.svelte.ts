// The UI's current strings. The core resolves every message (with English
// fallback); this module only holds the table it sent and swaps it on a
// language switch, so every visible string re-renders at once.
import type { LanguageInfo, UiText } from "./ipc";

class TextState {
  current = $state<UiText | null>(null);
  languages = $state<LanguageInfo[]>([]);

  /** The text for `id`; empty (and reported) if the core sent no such id. */
  t(id: string): string {
    const value = this.current?.strings[id];
    if (value === undefined) {
      if (this.current) console.error(`no UI text for ${id}`);
      return "";
    }
    return value;
  }

  set(text: UiText): void {
    this.current = text;
    document.documentElement.lang = text.lang;
  }
}

export const text = new TextState();
