import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SecurityView } from "../ipc";
import { text } from "../text.svelte";

// The core is replaced by canned answers: these tests check what the
// screen renders and what it sends.
const commands = vi.hoisted(() => ({
  securityView: vi.fn(),
  setWipeAfter: vi.fn(),
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

function view(wipe_after: number | null): SecurityView {
  return {
    wipe_after,
    wipe_choices: [
      { value: null, label: "Never" },
      { value: 20, label: "After 20 wrong passphrases in a row" },
      { value: 10, label: "After 10 wrong passphrases in a row" },
      { value: 5, label: "After 5 wrong passphrases in a row" },
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
