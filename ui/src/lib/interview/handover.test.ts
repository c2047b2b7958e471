import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HandOverScreen } from "../ipc";

// The core is replaced by canned view models: these tests check what the
// hand-over screen renders and sends, not the rules (the Rust tests do).
const commands = vi.hoisted(() => ({
  handoverAct: vi.fn(),
  handoverPrompt: vi.fn(),
  endHandover: vi.fn(),
}));
vi.mock("../ipc", () => ({ commands }));

import HandOver from "./HandOver.svelte";
import { handover } from "./handover.svelte";

function handed(over: Partial<HandOverScreen> = {}): HandOverScreen {
  return {
    lang: "my",
    question: {
      key: "danger_now",
      label: "MY-danger",
      progress: "MY-1/5",
      step: 1,
      steps: 5,
      choices: [
        { value: "yes", label: "MY-yes", chosen: false },
        { value: "no", label: "MY-no", chosen: false },
      ],
      dont_know: true,
      dont_know_chosen: false,
      prompt: { synthesized: true },
      can_previous: false,
    },
    text: {
      title: "MY-title",
      answers_label: "MY-your-answer",
      replay: "MY-replay",
      dont_know: "MY-dk",
      skip: "MY-skip",
      previous: "MY-previous",
      done: "MY-done",
      no_prompt: "MY-no-prompt",
      synthesized: "MY-synthesized",
      leave: "MY-give-back",
      leave_hint: "MY-hold",
    },
    confirm: {
      lang: "th",
      title: "TH-confirm-title",
      passphrase: "TH-passphrase",
      confirm: "TH-confirm",
      cancel: "TH-cancel",
    },
    ...over,
  };
}

const play = vi.fn(() => Promise.resolve());

describe("HandOver", () => {
  beforeEach(() => {
    for (const f of Object.values(commands)) f.mockReset();
    play.mockClear();
    HTMLMediaElement.prototype.play = play;
    HTMLMediaElement.prototype.pause = vi.fn();
    URL.createObjectURL = vi.fn(() => "blob:prompt");
    URL.revokeObjectURL = vi.fn();
    commands.handoverPrompt.mockResolvedValue({
      status: "ok",
      data: { mime: "audio/ogg", base64: btoa("OggS"), synthesized: true },
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    handover.screen = null;
  });

  it("shows the respondent's language only, big buttons, and plays the prompt on entry", async () => {
    const { container } = render(HandOver, { screen: handed(), onLeave: () => {} });
    const heading = await screen.findByRole("heading", { level: 1 });
    expect(heading.textContent).toBe("MY-danger");
    expect(container.querySelector("section")?.getAttribute("lang")).toBe("my");
    for (const name of ["MY-yes", "MY-no", "MY-dk", "MY-skip", "MY-replay", "MY-give-back"]) {
      expect(screen.getByRole("button", { name })).toBeTruthy();
    }
    expect(screen.getByText("MY-synthesized")).toBeTruthy();
    // Nothing of the interviewer's language before the long press.
    expect(container.textContent).not.toMatch(/TH-/);
    await vi.waitFor(() => expect(play).toHaveBeenCalledTimes(1));
    expect(commands.handoverPrompt).toHaveBeenCalledTimes(1);
    expect(container.querySelector("audio")?.getAttribute("src")).toBe("blob:prompt");
    // Replay plays again from the start.
    await fireEvent.click(screen.getByRole("button", { name: "MY-replay" }));
    expect(play).toHaveBeenCalledTimes(2);
  });

  it("sends a tapped answer and shows the next question", async () => {
    const next = handed();
    next.question = { ...next.question!, key: "injured", label: "MY-injured", can_previous: true };
    commands.handoverAct.mockResolvedValue({ status: "ok", data: next });
    render(HandOver, { screen: handed(), onLeave: () => {} });
    await fireEvent.click(screen.getByRole("button", { name: "MY-yes" }));
    expect(commands.handoverAct).toHaveBeenCalledWith({ kind: "choose", value: "yes" });
    expect(handover.screen?.question?.key).toBe("injured");
    await fireEvent.click(screen.getByRole("button", { name: "MY-skip" }));
    expect(commands.handoverAct).toHaveBeenLastCalledWith({ kind: "skip" });
  });

  it("a question without a recording says so and plays nothing", async () => {
    const plain = handed();
    plain.question = { ...plain.question!, prompt: null };
    render(HandOver, { screen: plain, onLeave: () => {} });
    expect(await screen.findByText("MY-no-prompt")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "MY-replay" })).toBeNull();
    expect(commands.handoverPrompt).not.toHaveBeenCalled();
  });

  it("leaving needs a long press, then the passphrase the core checks", async () => {
    vi.useFakeTimers();
    const onLeave = vi.fn();
    commands.endHandover.mockResolvedValueOnce({
      status: "error",
      error: { code: "wrong-passphrase", message: "TH-wrong" },
    });
    commands.endHandover.mockResolvedValueOnce({ status: "ok", data: { page: "question" } });
    const { container } = render(HandOver, { screen: handed(), onLeave });
    const giveBack = screen.getByRole("button", { name: "MY-give-back" });
    // A short press does nothing.
    await fireEvent.pointerDown(giveBack);
    await vi.advanceTimersByTimeAsync(500);
    await fireEvent.pointerUp(giveBack);
    await vi.advanceTimersByTimeAsync(2000);
    expect(container.querySelector("form")).toBeNull();
    // A long press opens the interviewer's confirmation, in their language.
    await fireEvent.pointerDown(giveBack);
    await vi.advanceTimersByTimeAsync(1600);
    const form = container.querySelector("form");
    expect(form?.getAttribute("lang")).toBe("th");
    const input = screen.getByLabelText("TH-passphrase") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "wrong" } });
    await fireEvent.submit(form!);
    await vi.waitFor(() => expect(screen.getByText("TH-wrong")).toBeTruthy());
    expect(onLeave).not.toHaveBeenCalled();
    await fireEvent.input(input, { target: { value: "right passphrase" } });
    await fireEvent.submit(form!);
    expect(commands.endHandover).toHaveBeenLastCalledWith("right passphrase");
    await vi.waitFor(() => expect(onLeave).toHaveBeenCalled());
    expect(handover.screen).toBeNull();
  });

  it("the long press works from the keyboard too", async () => {
    vi.useFakeTimers();
    const { container } = render(HandOver, { screen: handed(), onLeave: () => {} });
    const giveBack = screen.getByRole("button", { name: "MY-give-back" });
    await fireEvent.keyDown(giveBack, { key: "Enter" });
    await vi.advanceTimersByTimeAsync(1600);
    expect(container.querySelector("form")).not.toBeNull();
  });
});
