import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ExportJobView, ExportScreen } from "../ipc";
import { text } from "../text.svelte";

// The core is replaced by canned view models: these tests check what the
// screen renders and what it asks the core for.
const commands = vi.hoisted(() => ({
  exportScreen: vi.fn(),
  startExport: vi.fn(),
  cancelExport: vi.fn(),
  statsView: vi.fn(),
  saveStats: vi.fn(),
}));
// The job's steps the core pushes (`events.exportChanged`), emitted here by
// the test.
type Handler = (event: { payload: unknown }) => void;
const events = vi.hoisted(() => {
  const handlers = new Set<Handler>();
  return {
    exportChanged: {
      handlers,
      listen: vi.fn(async (cb: Handler) => {
        handlers.add(cb);
        return () => void handlers.delete(cb);
      }),
      push: (payload: unknown) => handlers.forEach((h) => h({ payload })),
    },
  };
});
vi.mock("../ipc", () => ({ commands, events }));

import ExportScreenView from "./ExportScreen.svelte";

const strings: Record<string, string> = {
  "exportui-title": "Export data",
  "exportui-none": "There are no interviews to export yet.",
  "exportui-questionnaire": "Questionnaire",
  "exportui-format": "File format",
  "exportui-format-csv": "CSV zip",
  "exportui-format-xlsx": "Excel workbook",
  "exportui-format-json": "JSON",
  "exportui-labels": "Write the answers as",
  "exportui-values": "Choice names",
  "exportui-split": "One column per choice",
  "exportui-from": "Begun on or after",
  "exportui-to": "Begun on or before",
  "exportui-status": "Status",
  "exportui-status-any": "Any",
  "exportui-status-complete": "Complete",
  "exportui-status-in-progress": "In progress",
  "exportui-recipient": "Encrypt for this age public key",
  "exportui-plaintext-warning": "Without a key the file is not encrypted.",
  "exportui-plaintext-ok": "I understand: save it without encryption",
  "exportui-start": "Export…",
  "exportui-cancel": "Cancel the export",
  "exportui-progress": "Export progress",
  "exportui-back": "Back",
  "exportui-devices": "Recorded on",
  "exportui-stats-title": "Statistics to share",
  "exportui-stats-k": "Withhold counts below",
  "exportui-stats-show": "Show the statistics",
  "exportui-stats-save-csv": "Save the statistics (CSV)…",
  "exportui-stats-save-chart": "Save this chart (SVG)…",
  "exportui-stats-saved": "Saved.",
  "exportui-stats-category": "Category",
  "exportui-stats-count": "Interviews",
  "exportui-stats-total": "Total",
};

const idle: ExportJobView = { state: "idle", done: 0, total: 0, percent: 0, message: null };

function screenView(extra: Partial<ExportScreen> = {}): ExportScreen {
  return {
    questionnaires: [{ form_id: "victim_screening", title: "Screening interview", records: 200 }],
    label_languages: [
      { code: "en", name: "English", machine_drafted: false },
      { code: "th", name: "ไทย", machine_drafted: true },
    ],
    formats: ["csv", "xlsx", "json"],
    devices: [{ id: "dev-own", label: "This device" }],
    job: idle,
    ...extra,
  };
}

beforeEach(() => {
  for (const f of Object.values(commands)) f.mockReset();
  events.exportChanged.handlers.clear();
  text.set({ lang: "en", strings, version: "v", machine_drafted: false, drafted: [], draft_notice: null });
});

describe("ExportScreen", () => {
  it("asks to confirm a plaintext export before it can start", async () => {
    commands.exportScreen.mockResolvedValue({ status: "ok", data: screenView() });
    render(ExportScreenView, {});
    const start = (await screen.findByRole("button", { name: "Export…" })) as HTMLButtonElement;
    expect(screen.getByText("Without a key the file is not encrypted.")).toBeTruthy();
    expect(start.disabled).toBe(true);
    await fireEvent.click(screen.getByLabelText("I understand: save it without encryption"));
    expect(start.disabled).toBe(false);
  });

  it("needs no confirmation with a recipient key, and sends the whole request", async () => {
    commands.exportScreen.mockResolvedValue({ status: "ok", data: screenView() });
    commands.startExport.mockResolvedValue({ status: "ok", data: true });
    render(ExportScreenView, {});
    const key = await screen.findByLabelText("Encrypt for this age public key");
    await fireEvent.input(key, { target: { value: " age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq " } });
    expect(screen.queryByText("Without a key the file is not encrypted.")).toBeNull();
    await fireEvent.click(screen.getByLabelText("Excel workbook"));
    await fireEvent.change(screen.getByLabelText("Write the answers as"), { target: { value: "th" } });
    await fireEvent.click(screen.getByRole("button", { name: "Export…" }));
    await waitFor(() => expect(commands.startExport).toHaveBeenCalledTimes(1));
    expect(commands.startExport.mock.calls[0]?.[0]).toEqual({
      form_id: "victim_screening",
      format: "xlsx",
      labels: "th",
      split_multiple: false,
      filter: { from: null, to: null, status: null, devices: [] },
      age_recipients: ["age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"],
    });
    // The job's steps arrive as the core pushes them; nothing is polled.
    events.exportChanged.push({ state: "running", done: 50, total: 200, percent: 25, message: null });
    await waitFor(() =>
      expect(screen.getByRole("progressbar", { name: "Export progress" }).getAttribute("value")).toBe("25"),
    );
    events.exportChanged.push({ state: "done", done: 200, total: 200, percent: 100, message: "200 interviews exported." });
    expect(await screen.findByText("200 interviews exported.")).toBeTruthy();
  });

  it("shows the core's progress and cancels a running export", async () => {
    const running: ExportJobView = { state: "running", done: 30, total: 120, percent: 25, message: null };
    commands.exportScreen.mockResolvedValue({ status: "ok", data: screenView({ job: running }) });
    render(ExportScreenView, {});
    const bar = await screen.findByRole("progressbar", { name: "Export progress" });
    expect(bar.getAttribute("value")).toBe("25");
    expect((screen.getByRole("button", { name: "Export…" }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByRole("button", { name: "Cancel the export" }));
    expect(commands.cancelExport).toHaveBeenCalledTimes(1);
  });

  it("stops listening when the screen closes", async () => {
    commands.exportScreen.mockResolvedValue({ status: "ok", data: screenView() });
    const { unmount } = render(ExportScreenView, {});
    await waitFor(() => expect(events.exportChanged.handlers.size).toBe(1));
    unmount();
    expect(events.exportChanged.handlers.size).toBe(0);
  });

  it("says when there is nothing to export, and shows the core's error", async () => {
    commands.exportScreen.mockResolvedValue({ status: "ok", data: screenView({ questionnaires: [] }) });
    const { unmount } = render(ExportScreenView, {});
    expect(await screen.findByText("There are no interviews to export yet.")).toBeTruthy();
    unmount();
    commands.exportScreen.mockResolvedValue({ status: "error", error: { code: "locked", message: "The store is locked." } });
    render(ExportScreenView, {});
    expect(await screen.findByText("The store is locked.")).toBeTruthy();
  });

  it("filters by the devices the core lists", async () => {
    commands.exportScreen.mockResolvedValue({
      status: "ok",
      data: screenView({
        devices: [
          { id: "dev-own", label: "This device" },
          { id: "dev-b", label: "Device 0a1b2c3d" },
        ],
      }),
    });
    commands.startExport.mockResolvedValue({ status: "ok", data: false });
    render(ExportScreenView, {});
    await fireEvent.click(await screen.findByLabelText("Device 0a1b2c3d"));
    await fireEvent.click(screen.getByLabelText("I understand: save it without encryption"));
    await fireEvent.click(screen.getByRole("button", { name: "Export…" }));
    await waitFor(() => expect(commands.startExport).toHaveBeenCalledTimes(1));
    expect(commands.startExport.mock.calls[0]?.[0].filter.devices).toEqual(["dev-b"]);
  });

  it("shows the core's statistics: charts, a withheld count as words, and saves", async () => {
    commands.exportScreen.mockResolvedValue({ status: "ok", data: screenView() });
    commands.statsView.mockResolvedValue({
      status: "ok",
      data: {
        form_id: "victim_screening",
        k: 11,
        note: "Counts below 11 are withheld.",
        tables: [
          {
            id: "month",
            title: "Interviews per month",
            cells: [
              { category: "2026-10", label: "2026-10", count: 40, shown: "40" },
              { category: "2026-11", label: "2026-11", count: null, shown: "withheld (fewer than 11)" },
            ],
            total: null,
            withheld: null,
            chart: "data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C/svg%3E",
          },
          { id: "sector", title: "Interviews per sector", cells: [], total: null, withheld: "This table is withheld.", chart: null },
        ],
      },
    });
    commands.saveStats.mockResolvedValue({ status: "ok", data: true });
    render(ExportScreenView, {});
    await fireEvent.click(await screen.findByRole("button", { name: "Show the statistics" }));
    expect(await screen.findByText("withheld (fewer than 11)")).toBeTruthy();
    expect(commands.statsView.mock.calls[0]?.[0]).toEqual({
      form_id: "victim_screening",
      k: 11,
      filter: { from: null, to: null, status: null, devices: [] },
    });
    const chart = screen.getByRole("img", { name: "Interviews per month" }) as HTMLImageElement;
    expect(chart.getAttribute("src")).toContain("data:image/svg+xml");
    expect(screen.getByText("This table is withheld.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Save this chart (SVG)…" }));
    await waitFor(() => expect(commands.saveStats).toHaveBeenCalledTimes(1));
    expect(commands.saveStats.mock.calls[0]?.[1]).toBe("month");
    expect(await screen.findByText("Saved.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Save the statistics (CSV)…" }));
    await waitFor(() => expect(commands.saveStats).toHaveBeenCalledTimes(2));
    expect(commands.saveStats.mock.calls[1]?.[1]).toBeNull();
  });
});
