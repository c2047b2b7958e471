import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { text } from "./text.svelte";

// The core judges passphrases; the form only shows its verdict and the
// passphrase it suggests, once.
const commands = vi.hoisted(() => ({
  passphraseStrength: vi.fn(),
  suggestPassphrase: vi.fn(),
}));
vi.mock("./ipc", () => ({ commands }));

import PassphraseForm from "./PassphraseForm.svelte";

const strings: Record<string, string> = {
  "app-tagline": "Tagline",
  "setup-strength-label": "Strength",
  "setup-suggest": "Suggest a passphrase",
  "setup-suggested-label": "Suggested",
  "setup-suggested-intro": "Write it down: shown once.",
  "setup-suggested-use": "Use it",
};

beforeEach(() => {
  vi.clearAllMocks();
  text.set({ lang: "en", strings, version: "v", machine_drafted: false, drafted: [], draft_notice: null });
});

function setup(onsubmit = vi.fn(async () => {})) {
  render(PassphraseForm, {
    title: "Set up",
    explainer: "Choose",
    label: "Passphrase",
    againLabel: "Again",
    submit: "Create",
    error: null,
    onsubmit,
  });
  return onsubmit;
}

describe("PassphraseForm", () => {
  it("shows the core's verdict as the person types", async () => {
    commands.passphraseStrength.mockResolvedValue({
      acceptable: false,
      level: 0,
      guesses_log10: 1,
      time_to_guess: "less than a second",
      message: "This passphrase is too easy to guess.",
    });
    setup();
    await fireEvent.input(screen.getByLabelText("Passphrase"), { target: { value: "12345678" } });
    await waitFor(() => expect(screen.getByText("This passphrase is too easy to guess.")).toBeTruthy());
    expect(commands.passphraseStrength).toHaveBeenCalledWith("12345678");
    const meter = screen.getByRole("meter", { name: "Strength" }) as HTMLMeterElement;
    expect(meter.value).toBe(0);
  });

  it("shows a suggested passphrase once, then only in the fields", async () => {
    commands.suggestPassphrase.mockResolvedValue({
      status: "ok",
      data: { passphrase: "stencil yarn obituary deflected carport", kind: "words", bits: 64.6 },
    });
    commands.passphraseStrength.mockResolvedValue({
      acceptable: true,
      level: 4,
      guesses_log10: 19,
      time_to_guess: "more than a million years",
      message: "Strong.",
    });
    const onsubmit = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Suggest a passphrase" }));
    await waitFor(() => expect(screen.getByText("stencil yarn obituary deflected carport")).toBeTruthy());
    await fireEvent.click(screen.getByRole("button", { name: "Use it" }));
    expect(screen.queryByText("stencil yarn obituary deflected carport")).toBeNull();
    expect((screen.getByLabelText("Passphrase") as HTMLInputElement).value).toBe(
      "stencil yarn obituary deflected carport",
    );
    await fireEvent.click(screen.getByRole("button", { name: "Create" }));
    // No current passphrase is asked at set-up: it goes empty.
    expect(onsubmit).toHaveBeenCalledWith(
      "stencil yarn obituary deflected carport",
      "stencil yarn obituary deflected carport",
      "",
    );
  });
});
