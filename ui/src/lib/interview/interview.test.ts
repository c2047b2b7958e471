import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { InterviewPage, QuestionScreen, UiText } from "../ipc";

// The core is replaced by canned view models: these tests check what the
// components render and what they send, not the rules (the Rust tests do).
const commands = vi.hoisted(() => ({
  interviewCatalog: vi.fn(),
  startInterview: vi.fn(),
  interviewPage: vi.fn(),
  giveConsent: vi.fn(),
  answerQuestion: vi.fn(),
  moveInInterview: vi.fn(),
  setInterviewLanguages: vi.fn(),
  saveInterviewNotes: vi.fn(),
  completeInterview: vi.fn(),
  resolveAnswerConflict: vi.fn(),
}));
vi.mock("../ipc", () => ({ commands }));

import { text } from "../text.svelte";
import InterviewScreen from "./InterviewScreen.svelte";
import NewInterview from "./NewInterview.svelte";

const strings: Record<string, string> = {
  "interview-respondent-lang": "Respondent",
  "interview-back": "Back",
  "interview-next": "Next",
  "interview-save-next": "Save and continue",
  "interview-answer-label": "Answer",
  "interview-conflict-title": "Two devices disagree",
  "interview-conflict-keep": "Keep this answer",
  "interview-summary-button": "Summary",
  "interview-exit": "Exit",
  "interview-zawgyi-found": "Looks like Zawgyi",
  "interview-zawgyi-convert": "Convert",
  "interview-result-notes": "Noted beside the result",
  "interview-how-decided": "How this was decided",
  "new-interview-start": "Start",
  "new-interview-cancel": "Cancel",
};
const ui: UiText = {
  lang: "th",
  strings,
  version: "v",
  machine_drafted: true,
  drafted: Object.keys(strings),
  draft_notice: "machine drafts",
};

const langs = {
  respondent: "my",
  interviewer: "th",
  respondent_options: [
    { code: "my", name: "မြန်မာ" },
    { code: "km", name: "ខ្មែរ" },
  ],
};

function questionPage(over: Partial<QuestionScreen> = {}): InterviewPage {
  return {
    page: "question",
    id: "rec-1",
    title: "Screening",
    langs,
    section: null,
    sections: [],
    step: 2,
    steps: 10,
    answered: 1,
    total: 9,
    progress: "2 / 10",
    can_back: true,
    messages: [],
    zawgyi: null,
    question: {
      key: "danger_now",
      input: "choice",
      label: { respondent: "MY-danger", interviewer: "TH-danger" },
      hint: null,
      guidance: null,
      interviewer_only: false,
      required: false,
      choices: [
        { value: "yes", label: { respondent: "MY-yes", interviewer: "TH-yes" }, selected: false },
        { value: "no", label: { respondent: "MY-no", interviewer: "TH-no" }, selected: false },
      ],
      dont_know: { respondent: "MY-dk", interviewer: "TH-dk" },
      prefer_not: null,
      state: "missing",
      value: null,
      typed: null,
      shown_in: null,
      conflict: null,
    },
    ...over,
  } as InterviewPage;
}

describe("InterviewScreen", () => {
  beforeEach(() => {
    text.set(ui);
    for (const f of Object.values(commands)) f.mockReset();
  });

  it("shows the question in both languages and sends a tapped choice", async () => {
    commands.interviewPage.mockResolvedValue({ status: "ok", data: questionPage() });
    commands.answerQuestion.mockResolvedValue({
      status: "ok",
      data: questionPage({ step: 3 }),
    });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    const heading = await screen.findByRole("heading", { level: 1 });
    expect(heading.textContent).toBe("MY-danger");
    expect(heading.getAttribute("lang")).toBe("my");
    expect(screen.getByText("TH-danger").getAttribute("lang")).toBe("th");
    expect(screen.getByRole("button", { name: /MY-dk/ })).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: /MY-no/ }));
    expect(commands.answerQuestion).toHaveBeenCalledWith(
      "rec-1",
      "danger_now",
      { kind: "value", value: "no" },
      true,
    );
  });

  it("a tap on a multi-select choice sends the choice; the core computes the new set", async () => {
    const base = questionPage();
    const q = (base as QuestionScreen & { page: "question" }).question;
    const multi = questionPage({
      question: {
        ...q,
        input: "multi",
        state: "value",
        value: "yes",
        choices: q.choices.map((c) => ({ ...c, selected: c.value === "yes" })),
      },
    });
    commands.interviewPage.mockResolvedValue({ status: "ok", data: multi });
    commands.answerQuestion.mockResolvedValue({ status: "ok", data: multi });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    await screen.findByRole("heading", { level: 1 });
    await fireEvent.click(screen.getByRole("button", { name: /MY-yes/ }));
    // Even on the only chosen value: keeping one is the core's rule, not the UI's.
    expect(commands.answerQuestion).toHaveBeenCalledWith("rec-1", "danger_now", { kind: "toggle", value: "yes" }, false);
  });

  it("shows the hint and the guidance to the interviewer only, outside the respondent's text", async () => {
    const base = questionPage();
    const q = (base as QuestionScreen & { page: "question" }).question;
    commands.interviewPage.mockResolvedValue({
      status: "ok",
      data: questionPage({ question: { ...q, hint: "TH-hint", guidance: "TH-guidance" } }),
    });
    const { container } = render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    await screen.findByRole("heading", { level: 1 });
    const hint = screen.getByText("TH-hint");
    expect(hint.closest("[lang]")?.getAttribute("lang")).toBe("th");
    expect(hint.closest(".respondent, .dual")).toBeNull();
    expect(screen.getByText("TH-guidance").closest("details")).toBeTruthy();
    expect(container.querySelector('.respondent[lang="my"]')?.textContent).toBe("MY-danger");
    expect(container.textContent).not.toContain("MY-hint");
  });

  it("shows the interviewer's own question once, in their language, tagged", async () => {
    const base = questionPage();
    const q = (base as QuestionScreen & { page: "question" }).question;
    commands.interviewPage.mockResolvedValue({
      status: "ok",
      data: questionPage({
        question: { ...q, interviewer_only: true, label: { respondent: "TH-code", interviewer: "TH-code" } },
      }),
    });
    text.set({ ...ui, strings: { ...strings, "interview-interviewer-only": "Your question" } });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    const heading = await screen.findByRole("heading", { level: 1 });
    expect(heading.getAttribute("lang")).toBe("th");
    expect(screen.getByText("Your question").getAttribute("lang")).toBe("th");
  });

  it("switches the respondent's language in one tap", async () => {
    commands.interviewPage.mockResolvedValue({ status: "ok", data: questionPage() });
    commands.setInterviewLanguages.mockResolvedValue({
      status: "ok",
      data: questionPage({ langs: { ...langs, respondent: "km" } }),
    });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    await screen.findByRole("heading", { level: 1 });
    await fireEvent.click(screen.getByRole("button", { name: "ខ្មែរ" }));
    expect(commands.setInterviewLanguages).toHaveBeenCalledWith("rec-1", "km", "th");
    await vi.waitFor(() =>
      expect(screen.getByRole("button", { name: "ខ្មែរ" }).getAttribute("aria-pressed")).toBe("true"),
    );
  });

  it("shows every concurrent value of a conflict and sends the one chosen", async () => {
    const base = questionPage();
    const q = (base as QuestionScreen & { page: "question" }).question;
    const conflicted = questionPage({
      question: {
        ...q,
        key: "case_code",
        input: "text",
        state: "value",
        value: "RN-AAA",
        conflict: [
          { text: "RN-AAA", lang: "Burmese", device: "dev-a", at: "2026-01-10T10:00:00.000Z", shown_at: "10 ม.ค. 2569 เวลา 17:00 น. (UTC+07:00)" },
          { text: "RN-BBB", lang: "Khmer", device: "dev-b", at: "2026-01-10T10:01:00.000Z", shown_at: "10 ม.ค. 2569 เวลา 17:01 น. (UTC+07:00)" },
        ],
      },
    });
    commands.interviewPage.mockResolvedValue({ status: "ok", data: conflicted });
    commands.resolveAnswerConflict.mockResolvedValue({ status: "ok", data: questionPage() });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    const group = await screen.findByRole("group", { name: "Two devices disagree" });
    expect(group.textContent).toContain("RN-AAA");
    expect(group.textContent).toContain("RN-BBB");
    // The time as the core formatted it (era, local time, zone), not the raw ISO text.
    expect(group.textContent).toContain("10 ม.ค. 2569 เวลา 17:01 น. (UTC+07:00)");
    expect(group.textContent).not.toContain("2026-01-10");
    const keep = screen.getAllByRole("button", { name: "Keep this answer" });
    expect(keep).toHaveLength(2);
    await fireEvent.click(keep[1] as HTMLElement);
    expect(commands.resolveAnswerConflict).toHaveBeenCalledWith("rec-1", "case_code", 1);
  });

  it("a typed answer is saved with the text as typed (the core converts digits)", async () => {
    const base = questionPage();
    const q = (base as QuestionScreen & { page: "question" }).question;
    commands.interviewPage.mockResolvedValue({
      status: "ok",
      data: questionPage({ question: { ...q, key: "age", input: "integer", choices: [] } }),
    });
    commands.answerQuestion.mockResolvedValue({ status: "ok", data: questionPage() });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    const field = (await screen.findByLabelText("Answer")) as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "၁၅" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));
    expect(commands.answerQuestion).toHaveBeenCalledWith("rec-1", "age", { kind: "value", value: "၁၅" }, true);
  });

  it("a stored date shows in the field as the interviewer types it, not as ISO text", async () => {
    const base = questionPage();
    const q = (base as QuestionScreen & { page: "question" }).question;
    commands.interviewPage.mockResolvedValue({
      status: "ok",
      data: questionPage({
        question: { ...q, key: "first_contact", input: "date", choices: [], state: "value", value: "2026-01-10", typed: "10/01/2569" },
      }),
    });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    const field = (await screen.findByLabelText("Answer")) as HTMLInputElement;
    expect(field.value).toBe("10/01/2569");
  });
});

describe("Zawgyi", () => {
  beforeEach(() => {
    text.set(ui);
    for (const f of Object.values(commands)) f.mockReset();
  });

  it("offers the Unicode reading the core found and stores it on one tap", async () => {
    const base = questionPage();
    const q = (base as QuestionScreen & { page: "question" }).question;
    commands.interviewPage.mockResolvedValue({
      status: "ok",
      data: questionPage({
        question: { ...q, key: "remark", input: "text", choices: [], state: "value", value: "ျမန္မာ" },
        zawgyi: "မြန်မာ",
      }),
    });
    commands.answerQuestion.mockResolvedValue({ status: "ok", data: questionPage() });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    const offer = await screen.findByRole("group", { name: "Looks like Zawgyi" });
    expect(offer.textContent).toContain("မြန်မာ");
    await fireEvent.click(screen.getByRole("button", { name: "Convert" }));
    expect(commands.answerQuestion).toHaveBeenCalledWith("rec-1", "remark", { kind: "value", value: "မြန်မာ" }, false);
  });
});

describe("Consent", () => {
  beforeEach(() => {
    text.set(ui);
    for (const f of Object.values(commands)) f.mockReset();
  });

  it("shows the stage direction to the interviewer, apart from what is read aloud", async () => {
    commands.interviewPage.mockResolvedValue({
      status: "ok",
      data: {
        page: "consent",
        id: "rec-1",
        title: "Screening",
        langs,
        script: [{ respondent: "MY-script", interviewer: "TH-script" }],
        directions: ["TH-read-this"],
        question: { respondent: "MY-consent", interviewer: "TH-consent" },
        yes: { respondent: "MY-yes", interviewer: "TH-yes" },
        no: { respondent: "MY-no", interviewer: "TH-no" },
      } as InterviewPage,
    });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    const direction = await screen.findByText("TH-read-this");
    expect(direction.closest(".for-interviewer")?.getAttribute("lang")).toBe(langs.interviewer);
    expect(direction.closest(".dual, .respondent")).toBeNull();
    expect(screen.getByText("MY-script").textContent).not.toContain("TH-read-this");
  });
});

describe("Summary", () => {
  beforeEach(() => {
    text.set(ui);
    for (const f of Object.values(commands)) f.mockReset();
  });

  it("shows the result, the note beside it and the rules document that ships with the app", async () => {
    const summary = {
      page: "summary",
      id: "rec-1",
      title: "Screening",
      langs,
      status: "in_progress",
      instruments: [
        {
          id: "ilo_forced_labour",
          label: "ILO indicators of forced labour (2012)",
          indicators: [
            { id: "ilo_wages", label: "Withholding of wages", strength: null, dimension: null },
            { id: "ilo_debt", label: "Debt bondage", strength: null, dimension: null },
          ],
          evidence: [
            {
              key: "pay_withheld",
              question: "Does the employer keep your pay?",
              answer: "Yes",
              indicators: ["Withholding of wages", "Debt bondage"],
            },
          ],
        },
      ],
      determination: { id: "review", label: "Some indicators present", referrals: [] },
      flags: ["Only 2 of the 16 core questions were answered."],
      child: "absent",
      child_text: "Adult",
      answers: [],
      notes: "",
      notes_zawgyi: null,
      missing: [],
      can_complete: true,
      review: { reviewed: 3, total: 40, text: "A person has reviewed 3 of the 40 texts on this page." },
    } as unknown as InterviewPage;
    commands.interviewPage.mockResolvedValue({ status: "ok", data: summary });
    render(InterviewScreen, { id: "rec-1", onExit: () => {} });
    expect(await screen.findByText("Some indicators present")).toBeTruthy();
    const note = screen.getByRole("note", { name: "Noted beside the result" });
    expect(note.textContent).toContain("Only 2 of the 16 core questions");
    const rules = screen.getByText("How this was decided").closest("details");
    expect(rules?.textContent).toContain("How FieldScreen screening results are decided");
    expect(rules?.textContent).toContain("(D1 or D2 or D3) and D4 and (D5 or D6)");
    // How much of the page a person reviewed, as the core says it.
    expect(screen.getByText("A person has reviewed 3 of the 40 texts on this page.")).toBeTruthy();
    // Evidence under its instrument's name, the answer once with the
    // indicators it raised.
    const group = screen.getByRole("region", { name: "ILO indicators of forced labour (2012)" });
    expect(group.querySelectorAll("[data-key=pay_withheld]").length).toBe(1);
    expect(group.textContent).toContain("Withholding of wages · Debt bondage");
  });
});

describe("NewInterview", () => {
  beforeEach(() => {
    text.set(ui);
    text.languages = [{ code: "th", name: "ไทย", machine_drafted: true }];
    for (const f of Object.values(commands)) f.mockReset();
  });

  it("starts with the questionnaire, the respondent's language and the app's language", async () => {
    commands.interviewCatalog.mockResolvedValue([
      {
        key: "victim-screening",
        id: "victim_screening",
        version: "1",
        title: "Screening",
        languages: langs.respondent_options,
      },
    ]);
    commands.startInterview.mockResolvedValue({
      status: "ok",
      data: { page: "declined", id: "rec-9", title: "", langs, advice: { respondent: "", interviewer: "" } },
    });
    const onOpen = vi.fn();
    render(NewInterview, { onOpen, onCancel: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: "မြန်မာ" }));
    const start = screen.getByRole("button", { name: "Start" }) as HTMLButtonElement;
    expect(start.disabled).toBe(false);
    await fireEvent.click(start);
    expect(commands.startInterview).toHaveBeenCalledWith({
      questionnaire: "victim-screening",
      interviewer_lang: "th",
      respondent_lang: "my",
      vessel: null,
    });
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledWith("rec-9"));
  });
});
