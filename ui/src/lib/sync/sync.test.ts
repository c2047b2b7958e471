import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { NearbyView, SyncScreen, SyncStatusView, TeamView } from "../ipc";
import { text } from "../text.svelte";

// The core is replaced by canned view models: these tests check what the
// components render and what they ask the core for.
const commands = vi.hoisted(() => ({
  syncScreen: vi.fn(),
  syncNow: vi.fn(),
  createTeam: vi.fn(),
  teamInvite: vi.fn(),
  joinTeam: vi.fn(),
  waitingDevices: vi.fn(),
  admitDevice: vi.fn(),
  removeDevice: vi.fn(),
  exportBundle: vi.fn(),
  importBundle: vi.fn(),
  nearbyScreen: vi.fn(),
  nearbyWait: vi.fn(),
  nearbyStop: vi.fn(),
  nearbyConnect: vi.fn(),
  teamForms: vi.fn(),
  publishForm: vi.fn(),
  withdrawForm: vi.fn(),
}));
// The core's pushed events (`events.*` of bindings.ts), replaced by ones the
// test emits; `follow` is the real one.
type Handler = (event: { payload: unknown }) => void;
const events = vi.hoisted(() => {
  const fake = () => {
    const handlers = new Set<Handler>();
    return {
      handlers,
      listen: vi.fn(async (cb: Handler) => {
        handlers.add(cb);
        return () => void handlers.delete(cb);
      }),
      push: (payload: unknown) => handlers.forEach((h) => h({ payload })),
    };
  };
  return { syncChanged: fake(), nearbyChanged: fake() };
});
vi.mock("../ipc", async () => ({ commands, events, follow: (await import("../ipc/follow")).follow }));

import BundlePanel from "./BundlePanel.svelte";
import NearbyPanel from "./NearbyPanel.svelte";
import SyncStatus from "./SyncStatus.svelte";
import TeamFormsPanel from "./TeamFormsPanel.svelte";
import TeamScreen from "./TeamScreen.svelte";

const strings: Record<string, string> = {
  "syncview-title": "Sync and team",
  "syncview-now": "Sync now",
  "syncview-progress": "Sync progress",
  "syncview-create-title": "Create a team",
  "syncview-create-help": "Becomes supervisor",
  "syncview-relay-label": "Sync server address",
  "syncview-relay-pin-label": "Sync server key pin",
  "syncview-relay-key": "Sync server key",
  "syncview-name-label": "Team name",
  "syncview-create-button": "Create team",
  "syncview-join-title": "Join a team",
  "syncview-join-help": "Type the code",
  "syncview-code-label": "Invite code",
  "syncview-join-button": "Join",
  "syncview-team-title": "Team",
  "syncview-this-device": "This device",
  "syncview-supervisor": "Supervisor",
  "syncview-invite-button": "Invite a device",
  "syncview-invite-help": "Scan or type",
  "syncview-invite-qr.alt": "QR code of the invite",
  "syncview-waiting-check": "Check for waiting devices",
  "syncview-waiting-title": "Devices waiting to join",
  "syncview-waiting-none": "No device is waiting.",
  "syncview-fingerprint-label": "Fingerprint",
  "syncview-admit-one": "Admit",
  "syncview-admit-confirm": "Does the new device show exactly these digits?",
  "syncview-admit-yes": "Yes, the same: admit",
  "syncview-joining-fingerprint": "This device's fingerprint:",
  "syncview-operator-token-label": "Operator token",
  "syncview-members-title": "Members",
  "syncview-remove-button": "Remove",
  "syncview-remove-confirm": "The team key will be changed.",
  "syncview-remove-yes": "Yes, remove it",
  "syncview-cancel": "Cancel",
  "bundle-title": "Hand over by file",
  "bundle-intro": "No network?",
  "bundle-save": "Save to a file",
  "bundle-open": "Open a file from another device",
  "bundle-working": "Working…",
  "nearby-title": "Sync with a nearby device",
  "nearby-intro": "No internet?",
  "nearby-wait": "Wait for a nearby device",
  "nearby-stop": "Stop waiting",
  "nearby-address-label": "Address of the other device",
  "nearby-address-hint": "For example 192.168.1.5:47615",
  "nearby-connect": "Connect and sync",
  "nearby-addresses-label": "On the other device, type one of these addresses:",
  "teamforms-title": "The team's questionnaires",
  "teamforms-intro": "Published here, it reaches every device.",
  "teamforms-empty": "No questionnaire has been published to the team yet.",
  "teamforms-publish": "Publish a questionnaire…",
  "teamforms-withdraw": "Withdraw",
  "teamforms-version": "Version",
};

function nearby(extra: Partial<NearbyView> = {}): NearbyView {
  return {
    state: "idle",
    headline: "Not connected to a nearby device.",
    addresses: [],
    qr: null,
    detail: null,
    progress: null,
    available: true,
    ...extra,
  };
}

function status(extra: Partial<SyncStatusView> = {}): SyncStatusView {
  return {
    state: "up_to_date",
    headline: "Up to date.",
    detail: null,
    last_synced: "Last synced 23 Nov 2026 at 14:05",
    pending: 0,
    pending_label: "Nothing waits to be sent.",
    progress: null,
    can_sync_now: true,
    ...extra,
  };
}

const admin: TeamView = {
  name: "Songkhla port",
  relay: "https://relay.example",
  relay_pin: "3f2a 9c01 77de 4b10",
  device_short: "a1b2 c3d4",
  fingerprint: "0421 8830 1957",
  admin: true,
  admitted: true,
  epoch: 1,
  members: [
    { device: "a1b2c3d4ff", short: "a1b2 c3d4", this_device: true, admin: true },
    { device: "e5f6a7b8ff", short: "e5f6 a7b8", this_device: false, admin: false },
  ],
};

function screenOf(team: TeamView | null, s: SyncStatusView = status()): SyncScreen {
  return { team, status: s };
}

beforeEach(() => {
  for (const f of Object.values(commands)) f.mockReset();
  for (const e of Object.values(events)) {
    e.handlers.clear();
    e.listen.mockClear();
  }
  commands.nearbyScreen.mockResolvedValue(nearby());
  commands.teamForms.mockResolvedValue({ status: "ok", data: [] });
  text.set({ lang: "en", strings, version: "v", machine_drafted: false, drafted: [], draft_notice: null });
});

describe("SyncStatus", () => {
  it("shows the state, last sync, pending count and a determinate progress bar", () => {
    render(SyncStatus, {
      status: status({
        state: "running",
        headline: "Syncing…",
        pending: 40,
        pending_label: "40 records wait to be sent.",
        progress: { percent: 25, label: "Sending 10 of 40" },
        can_sync_now: false,
      }),
      onSyncNow: vi.fn(),
    });
    expect(screen.getByText("Syncing…")).toBeTruthy();
    expect(screen.getByText("40 records wait to be sent.")).toBeTruthy();
    expect(screen.getByText("Last synced 23 Nov 2026 at 14:05")).toBeTruthy();
    const bar = screen.getByRole("progressbar", { name: "Sync progress" });
    expect(bar.getAttribute("value")).toBe("25");
    expect((screen.getByRole("button", { name: "Sync now" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows a warning (refused keys, a relay that hid changes) as an alert", () => {
    render(SyncStatus, {
      status: status({
        state: "warning",
        headline: "Sync needs attention.",
        detail: "The sync server hid changes to the team's member list from this device.",
      }),
      onSyncNow: vi.fn(),
    });
    expect(screen.getByRole("alert").textContent).toContain("hid changes");
  });

  it("says an error in plain words as an alert and lets the person sync now", async () => {
    const onSyncNow = vi.fn();
    render(SyncStatus, {
      status: status({
        state: "offline",
        headline: "Offline: the sync server cannot be reached.",
        detail: "Trying again in 4 seconds.",
      }),
      onSyncNow,
    });
    expect(screen.getByRole("alert").textContent).toBe("Trying again in 4 seconds.");
    await fireEvent.click(screen.getByRole("button", { name: "Sync now" }));
    expect(onSyncNow).toHaveBeenCalledOnce();
  });
});

describe("TeamScreen", () => {
  it("creates a team from a relay address and a name", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(null, status({ state: "no_team", headline: "Not in a team." })));
    commands.createTeam.mockResolvedValue({ status: "ok", data: screenOf(admin) });
    render(TeamScreen);
    await fireEvent.input(await screen.findByLabelText("Sync server address"), {
      target: { value: "http://127.0.0.1:7070" },
    });
    await fireEvent.input(screen.getByLabelText("Team name"), { target: { value: "Songkhla port" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create team" }));
    expect(commands.createTeam).toHaveBeenCalledWith({
      relay: "http://127.0.0.1:7070",
      name: "Songkhla port",
      relay_pin: null,
      operator_token: null,
    });
    expect(await screen.findByText("Team: Songkhla port")).toBeTruthy();
    // The relay's key, as a short fingerprint to compare with the relay's.
    expect(screen.getByTestId("relay-pin").textContent).toContain("3f2a 9c01 77de 4b10");
  });

  it("passes a typed relay pin when creating a team", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(null, status({ state: "no_team", headline: "Not in a team." })));
    commands.createTeam.mockResolvedValue({ status: "ok", data: screenOf(admin) });
    render(TeamScreen);
    await fireEvent.input(await screen.findByLabelText("Sync server address"), {
      target: { value: "https://relay.example:8443" },
    });
    await fireEvent.input(screen.getByLabelText("Sync server key pin"), { target: { value: " ab12 " } });
    await fireEvent.input(screen.getByLabelText("Team name"), { target: { value: "Songkhla port" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create team" }));
    expect(commands.createTeam).toHaveBeenCalledWith({
      relay: "https://relay.example:8443",
      name: "Songkhla port",
      relay_pin: "ab12",
      operator_token: null,
    });
  });

  it("sends the operator token when one is typed", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(null, status({ state: "no_team", headline: "Not in a team." })));
    commands.createTeam.mockResolvedValue({ status: "ok", data: screenOf(admin) });
    render(TeamScreen);
    await fireEvent.input(await screen.findByLabelText("Sync server address"), {
      target: { value: "https://relay.example" },
    });
    await fireEvent.input(screen.getByLabelText("Team name"), { target: { value: "Ranong" } });
    await fireEvent.input(screen.getByLabelText("Operator token"), { target: { value: "s3cret-operator-token" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create team" }));
    expect(commands.createTeam).toHaveBeenCalledWith({
      relay: "https://relay.example",
      name: "Ranong",
      relay_pin: null,
      operator_token: "s3cret-operator-token",
    });
  });

  it("shows a joining device its fingerprint while it waits", async () => {
    commands.syncScreen.mockResolvedValue(
      screenOf(
        { ...admin, admin: false, admitted: false, members: [], fingerprint: "၀၄၂၁ ၈၈၃၀ ၁၉၅၇" },
        status({ state: "joining", headline: "Waiting for the supervisor." }),
      ),
    );
    render(TeamScreen);
    expect((await screen.findByTestId("my-fingerprint")).textContent).toBe("၀၄၂၁ ၈၈၃၀ ၁၉၅၇");
  });

  it("admits one waiting device only after the person compares its fingerprint", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(admin));
    commands.waitingDevices.mockResolvedValue({
      status: "ok",
      data: [
        { device: "aa11", fingerprint: "0421 8830 1957", can_admit: true, note: null },
        { device: "bb22", fingerprint: "7777 0000 1234", can_admit: false, note: "This invite code has expired." },
      ],
    });
    commands.admitDevice.mockResolvedValue({ status: "ok", data: "Device 0421 8830 1957 admitted." });
    render(TeamScreen);
    await fireEvent.click(await screen.findByRole("button", { name: "Check for waiting devices" }));
    const rows = await screen.findAllByTestId("waiting-device");
    expect(rows).toHaveLength(2);
    expect(rows[1]!.textContent).toContain("This invite code has expired.");
    const admitButtons = screen.getAllByRole("button", { name: "Admit" });
    expect(admitButtons).toHaveLength(1); // none for the expired invite
    await fireEvent.click(admitButtons[0]!);
    expect(commands.admitDevice).not.toHaveBeenCalled();
    expect(screen.getByRole("alertdialog").textContent).toContain("0421 8830 1957");
    await fireEvent.click(screen.getByRole("button", { name: "Yes, the same: admit" }));
    expect(commands.admitDevice).toHaveBeenCalledWith("0421 8830 1957");
    expect(await screen.findByText("Device 0421 8830 1957 admitted.")).toBeTruthy();
  });

  it("joins with a typed code and shows the core's error sentence", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(null, status({ state: "no_team", headline: "Not in a team." })));
    commands.joinTeam.mockResolvedValue({
      status: "error",
      error: { code: "invite", message: "This invite code is not valid." },
    });
    render(TeamScreen);
    await fireEvent.input(await screen.findByLabelText("Invite code"), { target: { value: "FS1-xyz" } });
    await fireEvent.click(screen.getByRole("button", { name: "Join" }));
    expect(commands.joinTeam).toHaveBeenCalledWith("FS1-xyz");
    expect((await screen.findByRole("alert")).textContent).toBe("This invite code is not valid.");
  });

  it("shows the invite as a QR image with the typed code beside it", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(admin));
    commands.teamInvite.mockResolvedValue({
      status: "ok",
      data: { code: "FS1-abc-123", qr: "data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C/svg%3E" },
    });
    render(TeamScreen);
    await fireEvent.click(await screen.findByRole("button", { name: "Invite a device" }));
    const img = (await screen.findByAltText("QR code of the invite")) as HTMLImageElement;
    expect(img.getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByTestId("invite-code").textContent).toBe("FS1-abc-123");
  });

  it("removes a member only after a confirmation that says the key changes", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(admin));
    commands.removeDevice.mockResolvedValue({
      status: "ok",
      data: screenOf({ ...admin, epoch: 2, members: admin.members.slice(0, 1) }),
    });
    render(TeamScreen);
    const removeButtons = await screen.findAllByRole("button", { name: "Remove" });
    expect(removeButtons).toHaveLength(1); // never this device
    await fireEvent.click(removeButtons[0]!);
    expect(commands.removeDevice).not.toHaveBeenCalled();
    expect(screen.getByRole("alertdialog").textContent).toContain("The team key will be changed.");
    await fireEvent.click(screen.getByRole("button", { name: "Yes, remove it" }));
    expect(commands.removeDevice).toHaveBeenCalledWith("e5f6a7b8ff");
    await waitFor(() => expect(screen.queryByText("e5f6 a7b8")).toBeNull());
  });

  it("asks the core to sync now", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(admin));
    commands.syncNow.mockResolvedValue(screenOf(admin, status({ state: "running", headline: "Syncing…" })));
    render(TeamScreen);
    await fireEvent.click(await screen.findByRole("button", { name: "Sync now" }));
    expect(commands.syncNow).toHaveBeenCalledOnce();
    expect(await screen.findByText("Syncing…")).toBeTruthy();
  });
});

describe("BundlePanel", () => {
  it("saves through the shell's dialog and says what the core wrote", async () => {
    commands.exportBundle.mockResolvedValue({
      status: "ok",
      data: { records: 3, rejected: 0, message: "3 records saved to the file." },
    });
    render(BundlePanel, {});
    await fireEvent.click(screen.getByRole("button", { name: "Save to a file" }));
    await waitFor(() => expect(screen.getByTestId("bundle-outcome").textContent).toBe("3 records saved to the file."));
    expect(commands.exportBundle).toHaveBeenCalledOnce();
  });

  it("says nothing when the person cancels the dialog", async () => {
    commands.exportBundle.mockResolvedValue({ status: "ok", data: null });
    render(BundlePanel, {});
    await fireEvent.click(screen.getByRole("button", { name: "Save to a file" }));
    await waitFor(() => expect((screen.getByRole("button", { name: "Save to a file" }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("merges a file, tells the screen to refresh, and shows a refusal as an alert", async () => {
    const onMerged = vi.fn();
    commands.importBundle.mockResolvedValueOnce({
      status: "ok",
      data: { records: 1, rejected: 1, message: "One record merged from the file. One record was set aside." },
    });
    commands.importBundle.mockResolvedValueOnce({
      status: "error",
      error: { code: "storage", message: "This file is not a bundle of your team, or it is damaged." },
    });
    render(BundlePanel, { onMerged });
    const open = screen.getByRole("button", { name: "Open a file from another device" });
    await fireEvent.click(open);
    await waitFor(() => expect(onMerged).toHaveBeenCalledOnce());
    expect(screen.getByTestId("bundle-outcome").textContent).toContain("One record merged");
    await fireEvent.click(open);
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe("This file is not a bundle of your team, or it is damaged."),
    );
    expect(onMerged).toHaveBeenCalledOnce();
  });
});

describe("pushed by the core, not polled", () => {
  it("the team screen shows each sync status the core pushes, and stops listening when it goes", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(admin));
    const { unmount } = render(TeamScreen);
    await screen.findByText("Up to date.");
    await waitFor(() => expect(events.syncChanged.handlers.size).toBe(1));
    const asked = commands.syncScreen.mock.calls.length;
    events.syncChanged.push(screenOf(admin, status({ state: "running", headline: "Syncing…", can_sync_now: false })));
    await screen.findByText("Syncing…");
    events.syncChanged.push(
      screenOf(admin, status({ state: "offline", headline: "Offline.", detail: "Trying again in 4 seconds." })),
    );
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Trying again in 4 seconds."));
    events.syncChanged.push(
      screenOf(admin, status({ state: "offline", headline: "Offline.", detail: "Trying again in 3 seconds." })),
    );
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Trying again in 3 seconds."));
    // Asked on opening only; everything after came as events.
    expect(commands.syncScreen).toHaveBeenCalledTimes(asked);
    unmount();
    expect(events.syncChanged.handlers.size).toBe(0);
  });

  it("an answer overtaken by a pushed event never replaces it (the round ended before the answer arrived)", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(admin));
    let answer: (v: SyncScreen) => void = () => {};
    commands.syncNow.mockReturnValue(new Promise<SyncScreen>((r) => (answer = r)));
    render(TeamScreen);
    await waitFor(() => expect(events.syncChanged.handlers.size).toBe(1));
    await fireEvent.click(await screen.findByRole("button", { name: "Sync now" }));
    // The round runs and ends while the command's answer is on its way.
    events.syncChanged.push(screenOf(admin, status({ state: "running", headline: "Syncing…", can_sync_now: false })));
    events.syncChanged.push(screenOf(admin, status({ headline: "All sent and received." })));
    await screen.findByText("All sent and received.");
    answer(screenOf(admin, status({ state: "running", headline: "Syncing…", can_sync_now: false })));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByText("All sent and received.")).toBeTruthy();
    expect(screen.queryByText("Syncing…")).toBeNull();
  });

  it("the nearby panel follows a waiting device through a session, and tells the screen once it synced", async () => {
    const onSynced = vi.fn();
    render(NearbyPanel, { onSynced });
    await screen.findByText("Not connected to a nearby device.");
    await waitFor(() => expect(events.nearbyChanged.handlers.size).toBe(1));
    const asked = commands.nearbyScreen.mock.calls.length;
    events.nearbyChanged.push(nearby({ state: "waiting", headline: "Waiting.", addresses: ["10.0.0.2:47615"] }));
    await waitFor(() => expect(screen.getByTestId("nearby-address").textContent).toBe("10.0.0.2:47615"));
    events.nearbyChanged.push(nearby({ state: "syncing", headline: "Syncing.", progress: "3 records" }));
    await screen.findByText("3 records");
    expect(onSynced).not.toHaveBeenCalled();
    const done = nearby({ state: "done", headline: "Synced.", detail: "Synced with device a1b2 c3d4: 3 records brought up to date." });
    events.nearbyChanged.push(done);
    await waitFor(() => expect(screen.getByTestId("nearby-detail").textContent).toContain("3 records brought"));
    events.nearbyChanged.push(done);
    expect(onSynced).toHaveBeenCalledOnce();
    expect(commands.nearbyScreen).toHaveBeenCalledTimes(asked);
  });

  it("the nearby panel never lets a late answer replace a newer pushed event (a device synced before 'waiting' arrived)", async () => {
    let answer: (v: { status: "ok"; data: NearbyView }) => void = () => {};
    commands.nearbyWait.mockReturnValue(new Promise((r) => (answer = r)));
    render(NearbyPanel);
    await screen.findByText("Not connected to a nearby device.");
    await waitFor(() => expect(events.nearbyChanged.handlers.size).toBe(1));
    await fireEvent.click(await screen.findByRole("button", { name: "Wait for a nearby device" }));
    // A device connects and the session ends before the command's answer arrives.
    events.nearbyChanged.push(nearby({ state: "syncing", headline: "Syncing." }));
    events.nearbyChanged.push(nearby({ state: "done", headline: "Synced." }));
    await screen.findByText("Synced.");
    answer({ status: "ok", data: nearby({ state: "waiting", headline: "Waiting.", addresses: ["10.0.0.2:47615"] }) });
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByText("Synced.")).toBeTruthy();
    expect(screen.queryByText("Waiting.")).toBeNull();
  });

  it("a component gone before listening began never listens", async () => {
    commands.syncScreen.mockResolvedValue(screenOf(admin));
    const { unmount } = render(TeamScreen);
    unmount();
    await waitFor(() => expect(events.syncChanged.listen).toHaveBeenCalled());
    await Promise.resolve();
    expect(events.syncChanged.handlers.size).toBe(0);
  });
});

describe("NearbyPanel", () => {
  it("waits and shows the addresses and QR code the core gives", async () => {
    const waiting = nearby({
      state: "waiting",
      headline: "Waiting for the other device.",
      addresses: ["192.168.1.5:47615", "10.0.0.2:47615"],
      qr: "data:image/svg+xml;charset=utf-8,%3Csvg%3E",
    });
    commands.nearbyWait.mockResolvedValue({ status: "ok", data: waiting });
    commands.nearbyStop.mockResolvedValue(nearby());
    render(NearbyPanel);
    await fireEvent.click(await screen.findByRole("button", { name: "Wait for a nearby device" }));
    await waitFor(() => expect(screen.getAllByTestId("nearby-address").map((e) => e.textContent)).toEqual(waiting.addresses));
    expect(screen.getByRole("status").textContent).toBe("Waiting for the other device.");
    commands.nearbyScreen.mockResolvedValue(waiting);
    await fireEvent.click(screen.getByRole("button", { name: "Stop waiting" }));
    expect(commands.nearbyStop).toHaveBeenCalledOnce();
  });

  it("connects to a typed address, says the outcome and tells the screen to refresh", async () => {
    const onSynced = vi.fn();
    commands.nearbyConnect.mockResolvedValue({
      status: "ok",
      data: nearby({ state: "done", headline: "Synced with the nearby device.", detail: "Synced with device a1b2 c3d4: 2 records brought up to date." }),
    });
    render(NearbyPanel, { onSynced });
    const input = await screen.findByLabelText("Address of the other device");
    await fireEvent.input(input, { target: { value: "192.168.1.5:47615" } });
    await fireEvent.click(screen.getByRole("button", { name: "Connect and sync" }));
    await waitFor(() => expect(screen.getByTestId("nearby-detail").textContent).toContain("2 records"));
    expect(commands.nearbyConnect).toHaveBeenCalledWith("192.168.1.5:47615");
    expect(onSynced).toHaveBeenCalled();
  });

  it("offers nothing to a device in no team, and says why", async () => {
    commands.nearbyScreen.mockResolvedValue(nearby({ available: false, headline: "Join a team first." }));
    render(NearbyPanel);
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Join a team first."));
    expect(screen.queryByRole("button")).toBeNull();
  });
});

function teamForm(version: string, state: string, label: string) {
  return {
    id: "org_boats",
    version,
    hash: `${version}`.padEnd(64, "0"),
    title: "Boat crews",
    state,
    state_label: label,
    refusal: null,
    publishers: [{ device: "a1b2c3d4e5f6a7b8", admin: true, date: "23 Nov 2026", at: "2026-11-23T05:00:00.000Z" }],
    published: "Published by a1b2c3d4e5f6a7b8 (supervisor) on 23 Nov 2026.",
  };
}

describe("TeamFormsPanel", () => {
  it("lists the team's versions as the core describes them, publishes and withdraws through the core", async () => {
    const v1 = teamForm("1", "older", "Older version, kept for its records");
    const v2 = teamForm("2", "current", "Used for new interviews");
    commands.teamForms.mockResolvedValue({ status: "ok", data: [] });
    commands.publishForm.mockResolvedValueOnce({ status: "ok", data: [v2, v1] });
    commands.publishForm.mockResolvedValueOnce({
      status: "error",
      error: { code: "form-refused", message: "This device may not publish questionnaires to the team." },
    });
    commands.withdrawForm.mockResolvedValue({
      status: "ok",
      data: [{ ...v2, state: "withdrawn", state_label: "Withdrawn: no new interviews" }, v1],
    });
    render(TeamFormsPanel, {});
    expect(await screen.findByText("No questionnaire has been published to the team yet.")).toBeTruthy();
    const publish = screen.getByRole("button", { name: "Publish a questionnaire…" });
    await fireEvent.click(publish);
    await waitFor(() => expect(screen.getAllByTestId("team-form")).toHaveLength(2));
    expect(screen.getByText("Used for new interviews")).toBeTruthy();
    expect(screen.getByText("Version 1")).toBeTruthy();
    expect(screen.getAllByText("Published by a1b2c3d4e5f6a7b8 (supervisor) on 23 Nov 2026.")).toHaveLength(2);
    await fireEvent.click(publish);
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe("This device may not publish questionnaires to the team."),
    );
    const [withdraw] = screen.getAllByRole("button", { name: "Withdraw" });
    if (!withdraw) throw new Error("no Withdraw button");
    await fireEvent.click(withdraw);
    expect(commands.withdrawForm).toHaveBeenCalledWith(v2.hash);
    expect(await screen.findByText("Withdrawn: no new interviews")).toBeTruthy();
    // A withdrawn version offers no second withdrawal.
    expect(screen.getAllByRole("button", { name: "Withdraw" })).toHaveLength(1);
  });
});
