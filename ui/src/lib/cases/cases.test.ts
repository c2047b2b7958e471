import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CaseItem, CaseListView, VesselView } from "../ipc";
import { text } from "../text.svelte";

// The core is replaced by canned view models: these tests check what the
// components render and what they ask the core for.
const commands = vi.hoisted(() => ({
  caseList: vi.fn(),
  vessel: vi.fn(),
  vesselForm: vi.fn(),
  newInspection: vi.fn(),
  wipe: vi.fn(),
  acceptRolledBack: vi.fn(),
}));
vi.mock("../ipc", () => ({ commands }));

import CaseList from "./CaseList.svelte";
import VesselScreen from "./VesselScreen.svelte";
import NewInspection from "./NewInspection.svelte";
import WipeScreen from "./WipeScreen.svelte";

const strings: Record<string, string> = {
  "cases-title": "Cases",
  "cases-rolled-back-accept": "Accept them as they are now",
  "cases-search-label": "Search",
  "cases-filter-status": "Status",
  "cases-filter-kind": "Type",
  "cases-filter-all": "All",
  "cases-new-interview": "New interview",
  "cases-new-inspection": "New vessel inspection",
  "cases-show-more": "Show more",
  "cases-form-version": "Version",
  "cases-empty": "Nothing yet",
  "cases-none-match": "No match",
  "vessel-details-title": "Vessel details",
  "vessel-crew-title": "Crew",
  "vessel-add-crew": "Interview a crew member",
  "vessel-back": "Back",
  "vessel-checks": "Vessel checks",
  "vessel-crew-empty": "No crew yet",
  "inspection-title": "New vessel inspection",
  "inspection-save": "Save",
  "inspection-cancel": "Cancel",
  "inspection-required": "required",
  "inspection-choose": "Choose",
  "wipe-title": "Erase everything",
  "wipe-explainer": "Cannot be undone",
  "wipe-word-intro": "Type this word:",
  "wipe-confirm-word": "WIPE",
  "wipe-type-label": "The word",
  "wipe-submit": "Erase now",
  "wipe-cancel": "Keep everything",
};

function item(n: number, extra: Partial<CaseItem> = {}): CaseItem {
  return {
    id: `id-${n}`,
    kind: "interview",
    kind_label: "Interview",
    title: "",
    questionnaire: `Screening ${n}`,
    status: "in_progress",
    status_label: "Draft",
    date: "23 พ.ย. 2569",
    updated: "2026-11-23T05:00:00.000Z",
    sync: "device_only",
    sync_label: "On this device only",
    answers: 0,
    conflicts: 0,
    form_version: "2026.3",
    form_state: "ready",
    form_state_label: null,
    ...extra,
  };
}

function page(rows: CaseItem[], matched: number, offset = 0): CaseListView {
  return {
    total: 250,
    matched,
    offset,
    rows,
    statuses: [
      { value: "in_progress", label: "Draft", count: 240 },
      { value: "referred", label: "Referral suggested", count: 10 },
    ],
    kinds: [{ value: "vessel_inspection", label: "Vessel inspection", count: 3 }],
    summary: `Showing ${offset + rows.length} of ${matched}`,
    rolled_back: null,
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  text.set({ lang: "th", strings, version: "v", machine_drafted: false, drafted: [], draft_notice: null });
});

describe("CaseList", () => {
  it("shows each case with the core's date, status and where it is kept", async () => {
    commands.caseList.mockResolvedValue({ status: "ok", data: page([item(1), item(2, { kind: "vessel_inspection", title: "KT-1234", kind_label: "Vessel inspection" })], 2) });
    const onOpen = vi.fn();
    render(CaseList, { onOpen, onNewInterview: vi.fn(), onNewInspection: vi.fn() });
    const list = await screen.findByRole("list", { name: "Cases" });
    expect(list.querySelectorAll("li")).toHaveLength(2);
    expect(screen.getAllByText("23 พ.ย. 2569")).toHaveLength(2);
    expect(screen.getAllByText("On this device only")).toHaveLength(2);
    expect(screen.getByRole("status").textContent).toBe("Showing 2 of 2");
    await fireEvent.click(screen.getByRole("button", { name: /KT-1234/ }));
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: "id-2", kind: "vessel_inspection" }));
  });

  it("says when records were found rolled back, and accepts them through the core", async () => {
    const notice = "One record is older than this device last saw it.";
    commands.caseList.mockResolvedValueOnce({
      status: "ok",
      data: { ...page([item(1, { kind: "damaged", kind_label: "Damaged record" })], 1), rolled_back: notice },
    });
    commands.caseList.mockResolvedValue({ status: "ok", data: page([item(1)], 1) });
    commands.acceptRolledBack.mockResolvedValue({ status: "ok", data: null });
    render(CaseList, { onOpen: vi.fn(), onNewInterview: vi.fn(), onNewInspection: vi.fn() });
    expect((await screen.findByRole("alert")).textContent).toContain(notice);
    await fireEvent.click(screen.getByRole("button", { name: "Accept them as they are now" }));
    expect(commands.acceptRolledBack).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
  });

  it("asks the core again for a search and a filter, and loads more on demand", async () => {
    const first = Array.from({ length: 100 }, (_, i) => item(i));
    commands.caseList.mockImplementation(async (q: { search: string; status: string | null; offset: number }) => {
      if (q.search === "KT") return { status: "ok", data: page([item(7, { title: "KT-7" })], 1) };
      if (q.status === "referred") return { status: "ok", data: page([item(8, { status: "referred" })], 10) };
      if (q.offset === 100) return { status: "ok", data: page([item(100)], 101, 100) };
      return { status: "ok", data: page(first, 101) };
    });
    render(CaseList, { onOpen: vi.fn(), onNewInterview: vi.fn(), onNewInspection: vi.fn() });
    const list = await screen.findByRole("list", { name: "Cases" });
    expect(list.querySelectorAll("li")).toHaveLength(100);
    await fireEvent.click(screen.getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(list.querySelectorAll("li")).toHaveLength(101));
    expect(screen.queryByRole("button", { name: "Show more" })).toBeNull();

    await fireEvent.input(screen.getByRole("searchbox", { name: "Search" }), { target: { value: "KT" } });
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Showing 1 of 1"));
    expect(commands.caseList).toHaveBeenLastCalledWith(expect.objectContaining({ search: "KT", offset: 0 }));

    await fireEvent.input(screen.getByRole("searchbox", { name: "Search" }), { target: { value: "" } });
    await fireEvent.change(screen.getByRole("combobox", { name: "Status" }), { target: { value: "referred" } });
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Showing 1 of 10"));
    expect(commands.caseList).toHaveBeenLastCalledWith(expect.objectContaining({ status: "referred", kind: null }));
    expect(screen.getByRole("option", { name: "Referral suggested (10)" })).toBeTruthy();
    // A hundred rows rendered twice take seconds on a busy 2-core machine.
  }, 20_000);

  it("shows the version each record used and a record that waits for its questionnaire", async () => {
    commands.caseList.mockResolvedValue({
      status: "ok",
      data: page(
        [
          item(1, { form_version: "org-2" }),
          item(2, {
            form_version: "org-1",
            form_state: "waiting",
            form_state_label: "Waiting for the questionnaire from the team",
          }),
        ],
        2,
      ),
    });
    render(CaseList, { onOpen: vi.fn(), onNewInterview: vi.fn(), onNewInspection: vi.fn() });
    expect(await screen.findByText("Waiting for the questionnaire from the team")).toBeTruthy();
    expect(screen.getByText("Version org-2")).toBeTruthy();
    expect(screen.getByText("Version org-1")).toBeTruthy();
    expect(screen.getAllByText("Waiting for the questionnaire from the team")).toHaveLength(1);
  });

  it("offers a new interview and a new inspection, and says when nothing matches", async () => {
    commands.caseList.mockResolvedValue({ status: "ok", data: page([], 0) });
    const onNewInterview = vi.fn();
    const onNewInspection = vi.fn();
    render(CaseList, { onOpen: vi.fn(), onNewInterview, onNewInspection });
    expect(await screen.findByText("No match")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "New interview" }));
    await fireEvent.click(screen.getByRole("button", { name: "New vessel inspection" }));
    expect(onNewInterview).toHaveBeenCalledOnce();
    expect(onNewInspection).toHaveBeenCalledOnce();
  });
});

const vessel: VesselView = {
  id: "v1",
  title: "KT-1234",
  status: "in_progress",
  status_label: "Draft",
  date: "23 Nov 2026",
  details: [{ name: "province", label: "Province", value: "Songkhla" }],
  crew: [
    { id: "c1", label: "C-01", status: "complete", status_label: "Complete", date: "23 Nov 2026", answers: 40 },
    { id: "c2", label: "C-02", status: "in_progress", status_label: "Draft", date: "23 Nov 2026", answers: 3 },
  ],
  crew_summary: "Crew interviews: 2",
  sync: "device_only",
  sync_label: "On this device only",
};

describe("VesselScreen", () => {
  it("shows the details and the crew with each interview's status", async () => {
    commands.vessel.mockResolvedValue({ status: "ok", data: vessel });
    const onOpenInterview = vi.fn();
    const onAddCrew = vi.fn();
    render(VesselScreen, { id: "v1", onOpenInterview, onAddCrew, onBack: vi.fn() });
    expect(await screen.findByRole("heading", { level: 1, name: "KT-1234" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Vessel details" })).toBeTruthy();
    expect(screen.getByText("Songkhla")).toBeTruthy();
    const crew = screen.getByRole("list", { name: "Crew" });
    expect(crew.querySelectorAll("li")).toHaveLength(2);
    await fireEvent.click(screen.getByRole("button", { name: /C-02/ }));
    expect(onOpenInterview).toHaveBeenCalledWith("c2");
    await fireEvent.click(screen.getByRole("button", { name: "Interview a crew member" }));
    expect(onAddCrew).toHaveBeenCalledWith("v1");
    expect(commands.vessel).toHaveBeenCalledWith("v1");
  });
});

describe("NewInspection", () => {
  it("renders the core's fields and sends what was typed; shows the core's refusal", async () => {
    commands.vesselForm.mockResolvedValue({
      status: "ok",
      data: {
        questionnaire: "Fishing",
        fields: [
          { name: "vessel_code", label: "Vessel code", hint: null, kind: "text", required: true, choices: [] },
          {
            name: "province",
            label: "Province",
            hint: null,
            kind: "select_one",
            required: false,
            choices: [{ value: "songkhla", label: "Songkhla" }],
          },
        ],
      },
    });
    commands.newInspection
      .mockResolvedValueOnce({ status: "error", error: { code: "invalid-answer", message: "Vessel code: required" } })
      .mockResolvedValueOnce({ status: "ok", data: vessel });
    const onCreated = vi.fn();
    render(NewInspection, { onCreated, onCancel: vi.fn() });
    const code = (await screen.findByRole("textbox", { name: /Vessel code/ })) as HTMLInputElement;
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Vessel code: required");
    await fireEvent.input(code, { target: { value: "KT-1234" } });
    await fireEvent.change(screen.getByRole("combobox", { name: "Province" }), { target: { value: "songkhla" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(vessel));
    expect(commands.newInspection).toHaveBeenLastCalledWith({ fields: { vessel_code: "KT-1234", province: "songkhla" } });
  });
});

describe("WipeScreen", () => {
  it("erases only after the word is typed, and says when it does not match", async () => {
    commands.wipe
      .mockResolvedValueOnce({ status: "error", error: { code: "invalid-answer", message: "Does not match" } })
      .mockResolvedValueOnce({ status: "ok", data: "new" });
    const onWiped = vi.fn();
    render(WipeScreen, { onWiped, onCancel: vi.fn() });
    // The screen opens with its heading focused (keyboard and screen readers start there).
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Erase everything" }));
    expect(screen.getByText("WIPE")).toBeTruthy();
    const submit = screen.getByRole("button", { name: "Erase now" }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    const input = screen.getByRole("textbox", { name: "The word" });
    await fireEvent.input(input, { target: { value: "WIP" } });
    await fireEvent.click(submit);
    expect((await screen.findByRole("alert")).textContent).toBe("Does not match");
    expect(onWiped).not.toHaveBeenCalled();
    await fireEvent.input(input, { target: { value: "WIPE" } });
    await fireEvent.click(submit);
    await waitFor(() => expect(onWiped).toHaveBeenCalledWith("new"));
    expect(commands.wipe).toHaveBeenLastCalledWith("WIPE");
  });
});
