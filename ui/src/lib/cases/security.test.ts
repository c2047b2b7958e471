import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SecurityView } from "../ipc";
import { text } from "../text.svelte";

// The core is replaced by canned answers: these tests check what the
// screen renders and what it sends.
const commands = vi.hoisted(() => ({
  securityView: vi.fn(),
  setWipeAfter: vi.fn(),
  setIdleLock: vi.fn(),
  changePassphrase: vi.fn(),
  passphraseStrength: vi.fn(),
  suggestPassphrase: vi.fn(),
}));
vi.mock("../ipc", () => ({ commands }));

import SecurityScreen from "./SecurityScreen.svelte";

const strings: Record<string, string> = {
  "security-title": "Security",
  "security-wipe-title": "Erase after wrong passphrases",
  "security-wipe-explainer": "If someone keeps guessing…",
  "security-wipe-label": "When to erase everything",
  "security-saved": "Saved.",
  "security-idle-title": "Lock when not in use",
  "security-idle-explainer": "When nobody has touched the app…",
  "security-idle-label": "When to lock",
  "security-passphrase-title": "Change the passphrase",
  "security-passphrase-explainer": "Everything stays.",
  "security-current-label": "Current passphrase",
  "security-new-label": "New passphrase",
  "security-again-label": "The new passphrase again",
  "security-change-submit": "Change the passphrase",
  "security-changed": "The passphrase is changed.",
  "setup-suggest": "Suggest one",
  "vessel-back": "Back",
};

function view(wipe_after: number | null, idle: number | null = 5): SecurityView {
  const minutes = (m: number) => ({ minutes: m, label: m === 1 ? "After 1 minute without use" : `After ${m} minutes without use` });
  return {
    wipe_after,
    wipe_choices: [
      { value: null, label: "Never" },
      { value: 20, label: "After 20 wrong passphrases in a row" },
      { value: 10, label: "After 10 wrong passphrases in a row" },
      { value: 5, label: "After 5 wrong passphrases in a row" },
    ],
    idle_lock_minutes: idle,
    idle_choices: [
      ...(idle === null ? [{ minutes: null, label: "Never (set in this device's settings file)" }] : []),
      ...[1, 2, 5, 15].map(minutes),
    ],
  };
}

beforeEach(() => {
  for (const f of Object.values(commands)) f.mockReset();
  text.set({ lang: "en", strings, version: "v", machine_drafted: false, drafted: [], draft_notice: null });
});

describe("SecurityScreen", () => {
  it("shows the wipe limit in force and sends the one chosen, as the core labels them", async () => {
    commands.securityView.mockResolvedValue(view(null));
    commands.setWipeAfter.mockResolvedValue({ status: "ok", data: null });
    render(SecurityScreen, { onBack: () => {} });
    const select = (await screen.findByLabelText("When to erase everything")) as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(4));
    expect(select.value).toBe("");
    expect([...select.options].map((o) => o.textContent)).toContain("After 10 wrong passphrases in a row");
    commands.securityView.mockResolvedValue(view(10));
    await fireEvent.change(select, { target: { value: "10" } });
    await waitFor(() => expect(commands.setWipeAfter).toHaveBeenCalledWith(10));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    await fireEvent.change(select, { target: { value: "" } });
    await waitFor(() => expect(commands.setWipeAfter).toHaveBeenLastCalledWith(null));
  });

  it("shows the idle lock in force and sends the one chosen; 'never' from the settings file is shown, not offered", async () => {
    commands.securityView.mockResolvedValue(view(null, 5));
    commands.setIdleLock.mockResolvedValue({ status: "ok", data: null });
    render(SecurityScreen, { onBack: () => {} });
    const select = (await screen.findByLabelText("When to lock")) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe("5"));
    expect([...select.options].map((o) => o.textContent)).toEqual([
      "After 1 minute without use",
      "After 2 minutes without use",
      "After 5 minutes without use",
      "After 15 minutes without use",
    ]);
    commands.securityView.mockResolvedValue(view(null, 1));
    await fireEvent.change(select, { target: { value: "1" } });
    await waitFor(() => expect(commands.setIdleLock).toHaveBeenCalledWith(1));
    expect(await screen.findByText("Saved.")).toBeTruthy();
  });

  it("a store that never locks (settings file) says so, and 'never' cannot be chosen here", async () => {
    commands.securityView.mockResolvedValue(view(null, null));
    render(SecurityScreen, { onBack: () => {} });
    const select = (await screen.findByLabelText("When to lock")) as HTMLSelectElement;
    await waitFor(() => expect(select.options.length).toBe(5));
    expect(select.options[0]?.textContent).toBe("Never (set in this device's settings file)");
    expect(select.options[0]?.disabled).toBe(true);
    expect(select.value).toBe("");
  });

  it("sends the current passphrase and the new one twice, and says the core's verdict", async () => {
    commands.securityView.mockResolvedValue(view(null));
    commands.changePassphrase.mockResolvedValueOnce({
      status: "error",
      error: { code: "wrong_passphrase", message: "That passphrase is not right." },
    });
    render(SecurityScreen, { onBack: () => {} });
    const fill = async () => {
      await fireEvent.input(screen.getByLabelText("Current passphrase"), { target: { value: "old one" } });
      await fireEvent.input(screen.getByLabelText("New passphrase"), { target: { value: "new one" } });
      await fireEvent.input(screen.getByLabelText("The new passphrase again"), { target: { value: "new one" } });
      await fireEvent.click(screen.getByRole("button", { name: "Change the passphrase" }));
    };
    await fill();
    await waitFor(() => expect(commands.changePassphrase).toHaveBeenCalledWith("old one", "new one", "new one"));
    expect(await screen.findByText("That passphrase is not right.")).toBeTruthy();
    // The fields are emptied after each try: no passphrase stays on screen.
    expect((screen.getByLabelText("Current passphrase") as HTMLInputElement).value).toBe("");
    commands.changePassphrase.mockResolvedValueOnce({ status: "ok", data: null });
    await fill();
    expect(await screen.findByText("The passphrase is changed.")).toBeTruthy();
  });
});
