import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { LanguageInfo, UiText } from "./lib/ipc";

// The core is replaced by canned view models: these tests check rendering,
// not translation (the Rust tests and the end-to-end suite cover that).
const table: Record<string, Record<string, string>> = {
  en: {
    "app-name": "FieldScreen",
    "home-title": "Welcome",
    "language-switcher-label": "Language",
    "translation-draft-notice": "Draft",
  },
  th: {
    "app-name": "FieldScreen",
    "home-title": "ยินดีต้อนรับ",
    "language-switcher-label": "ภาษา",
    "translation-draft-notice": "ฉบับร่าง",
  },
};
const uiText = (lang: string): UiText => ({
  lang,
  strings: table[lang] ?? {},
  version: `v-${lang}`,
  machine_drafted: lang !== "en",
});
const languages: LanguageInfo[] = [
  { code: "en", name: "English", machine_drafted: false },
  { code: "th", name: "ไทย", machine_drafted: true },
];

const commands = vi.hoisted(() => ({
  startup: vi.fn(),
  setLanguage: vi.fn(),
  firstPaint: vi.fn(),
}));
vi.mock("./lib/ipc", () => ({ commands }));

import App from "./App.svelte";

describe("App", () => {
  beforeEach(() => {
    commands.startup.mockResolvedValue({ languages, text: uiText("en") });
    commands.setLanguage.mockImplementation(async (code: string) =>
      code in table
        ? { status: "ok", data: uiText(code) }
        : { status: "error", error: { code: "unknown-language", message: `no ${code}` } },
    );
  });

  it("shows the title and every language by its own name", async () => {
    render(App);
    expect(await screen.findByRole("heading", { level: 1 })).toHaveProperty("textContent", "Welcome");
    const group = screen.getByRole("group", { name: "Language" });
    expect(group.querySelectorAll("button")).toHaveLength(2);
    expect(screen.getByRole("button", { name: "ไทย" }).getAttribute("lang")).toBe("th");
  });

  it("re-renders every string when the language switches, without reload", async () => {
    render(App);
    await screen.findByRole("heading", { level: 1 });
    await fireEvent.click(screen.getByRole("button", { name: "ไทย" }));
    expect(await screen.findByRole("heading", { name: "ยินดีต้อนรับ" })).toBeTruthy();
    expect(screen.getByRole("group", { name: "ภาษา" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "ไทย" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByText("ฉบับร่าง")).toBeTruthy();
    expect(document.documentElement.lang).toBe("th");
    expect(commands.setLanguage).toHaveBeenCalledWith("th");
  });

  it("shows the core's error sentence when a switch is refused", async () => {
    commands.startup.mockResolvedValue({
      languages: [...languages, { code: "xx", name: "Nowhere", machine_drafted: false }],
      text: uiText("en"),
    });
    render(App);
    await screen.findByRole("heading", { level: 1 });
    await fireEvent.click(screen.getByRole("button", { name: "Nowhere" }));
    expect((await screen.findByRole("alert")).textContent).toBe("no xx");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome");
  });
});
