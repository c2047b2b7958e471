import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { LanguageInfo, UiText } from "./lib/ipc";

// The core is replaced by canned view models: these tests check rendering,
// not translation (the Rust tests and the end-to-end suite cover that).
const table: Record<string, Record<string, string>> = {
  en: {
    "app-name": "FieldScreen",
    "cases-title": "Welcome",
    "cases-empty": "Nothing yet",
    "setup-title": "Protect",
    "setup-passphrase-label": "Passphrase",
    "setup-again-label": "Again",
    "setup-submit": "Create",
    "lock-button": "Lock",
    "unlock-title": "Enter passphrase",
    "unlock-passphrase-label": "Passphrase",
    "unlock-submit": "Unlock",
    "language-switcher-label": "Language",
    "hide-offline-title": "No internet connection",
    "hide-offline-body": "Check your connection",
    "hide-offline-retry": "Try again",
  },
  th: {
    "app-name": "FieldScreen",
    "cases-title": "ยินดีต้อนรับ",
    "language-switcher-label": "ภาษา",
  },
};
const uiText = (lang: string): UiText => ({
  lang,
  strings: table[lang] ?? {},
  version: `v-${lang}`,
  machine_drafted: lang !== "en",
  drafted: lang === "en" ? [] : ["cases-title"],
  draft_notice: lang === "en" ? null : "1 of 3 texts drafted by machine",
});
const languages: LanguageInfo[] = [
  { code: "en", name: "English", machine_drafted: false },
  { code: "th", name: "ไทย", machine_drafted: true },
];

const commands = vi.hoisted(() => ({
  startup: vi.fn(),
  setLanguage: vi.fn(),
  firstPaint: vi.fn(),
  createVault: vi.fn(),
  unlock: vi.fn(),
  lock: vi.fn(),
  cases: vi.fn(),
  keepAlive: vi.fn(),
  caseList: vi.fn(),
  wipe: vi.fn(),
  handoverScreen: vi.fn(),
}));
vi.mock("./lib/ipc", () => ({ commands }));

import App from "./App.svelte";

describe("App", () => {
  beforeEach(() => {
    commands.startup.mockResolvedValue({ languages, text: uiText("en"), vault: "unlocked", quick_hide_key: "Escape" });
    commands.cases.mockResolvedValue({ status: "ok", data: [] });
    commands.caseList.mockResolvedValue({
      status: "ok",
      data: { total: 0, matched: 0, offset: 0, rows: [], statuses: [], kinds: [], summary: "" },
    });
    commands.lock.mockResolvedValue("locked");
    commands.handoverScreen.mockResolvedValue({
      status: "error",
      error: { code: "hand-over", message: "not handed over" },
    });
    commands.keepAlive.mockResolvedValue("unlocked");
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
    expect(screen.getByText("1 of 3 texts drafted by machine")).toBeTruthy();
    expect(document.documentElement.lang).toBe("th");
    expect(commands.setLanguage).toHaveBeenCalledWith("th");
  });

  it("shows the core's error sentence when a switch is refused", async () => {
    commands.startup.mockResolvedValue({
      languages: [...languages, { code: "xx", name: "Nowhere", machine_drafted: false }],
      text: uiText("en"),
      vault: "unlocked",
    });
    render(App);
    await screen.findByRole("heading", { level: 1 });
    await fireEvent.click(screen.getByRole("button", { name: "Nowhere" }));
    expect((await screen.findByRole("alert")).textContent).toBe("no xx");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome");
  });

  it("first run: a passphrase typed twice creates the store; the core's refusal is shown", async () => {
    commands.startup.mockResolvedValue({ languages, text: uiText("en"), vault: "new" });
    commands.createVault
      .mockResolvedValueOnce({ status: "error", error: { code: "invalid-passphrase", message: "not the same" } })
      .mockResolvedValueOnce({ status: "ok", data: [] });
    render(App);
    expect(await screen.findByRole("heading", { name: "Protect" })).toBeTruthy();
    const first = screen.getByLabelText("Passphrase") as HTMLInputElement;
    const again = screen.getByLabelText("Again") as HTMLInputElement;
    await fireEvent.input(first, { target: { value: "one passphrase" } });
    await fireEvent.input(again, { target: { value: "another one" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create" }));
    expect((await screen.findByRole("alert")).textContent).toBe("not the same");
    expect(commands.createVault).toHaveBeenLastCalledWith("one passphrase", "another one");
    // The fields are cleared after every attempt.
    expect(first.value).toBe("");
    await fireEvent.input(first, { target: { value: "one passphrase" } });
    await fireEvent.input(again, { target: { value: "one passphrase" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByRole("heading", { name: "Welcome" })).toBeTruthy();
    expect(await screen.findByText("Nothing yet")).toBeTruthy();
  });

  it("locks in one tap and asks for the passphrase again", async () => {
    render(App);
    await screen.findByRole("heading", { name: "Welcome" });
    await fireEvent.click(screen.getByRole("button", { name: "Lock" }));
    expect(await screen.findByRole("heading", { name: "Enter passphrase" })).toBeTruthy();
    expect(commands.lock).toHaveBeenCalled();
  });

  it("quick hide: Escape shows a neutral screen at once, locks the store, and back needs the passphrase", async () => {
    const { container } = render(App);
    await vi.waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome"));
    await fireEvent.keyDown(window, { key: "Escape" });
    const neutral = await screen.findByRole("heading", { level: 1 });
    expect(neutral.textContent).toBe("No internet connection");
    expect(commands.lock).toHaveBeenCalled();
    // Nothing of the app: no name, no header, no case list.
    expect(container.textContent).not.toMatch(/FieldScreen|Welcome/);
    expect(container.querySelector("header")).toBeNull();
    // A tap on "try again" stays there; a long press leads to the passphrase.
    vi.useFakeTimers();
    const retry = screen.getByRole("button", { name: "Try again" });
    await fireEvent.pointerDown(retry);
    await fireEvent.pointerUp(retry);
    await vi.advanceTimersByTimeAsync(2000);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("No internet connection");
    await fireEvent.pointerDown(retry);
    await vi.advanceTimersByTimeAsync(1600);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Enter passphrase");
    vi.useRealTimers();
  });

  it("quick hide: a double tap on the header", async () => {
    const { container } = render(App);
    await screen.findByRole("heading", { level: 1 });
    await fireEvent.dblClick(container.querySelector(".brand")!);
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("No internet connection");
    expect(commands.lock).toHaveBeenCalled();
  });

  it("quick hide: the key set in the settings, not Escape then", async () => {
    commands.startup.mockResolvedValue({ languages, text: uiText("en"), vault: "unlocked", quick_hide_key: "F9" });
    commands.lock.mockClear();
    render(App);
    await vi.waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome"));
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome");
    expect(commands.lock).not.toHaveBeenCalled();
    await fireEvent.keyDown(window, { key: "F9" });
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("No internet connection");
  });
});
