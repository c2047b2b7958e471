## Sync and team screens: strings the UI shows and the status the core formats.

syncview-title = Sync and team
syncview-state-no-team = This device is not in a team. Your work stays on this device only.
syncview-state-locked = Sync is paused while the store is locked.
syncview-state-joining = Waiting for the supervisor to admit this device.
syncview-state-running = Syncing…
syncview-state-up-to-date = Up to date.
syncview-state-pending = Changes wait to be sent.
syncview-state-offline = Offline: the sync server cannot be reached. Your work is safe on this device.
syncview-state-refused = The sync server refuses to sync right now.
syncview-state-removed = This device was removed from the team. It no longer sends or receives the team's work.
syncview-state-failed = Sync did not finish.
syncview-never = Not synced yet.
syncview-last = Last synced { $date } at { $time }
syncview-pending =
    { $count ->
        [0] Nothing waits to be sent.
        [one] One record waits to be sent.
       *[other] { $count } records wait to be sent.
    }
syncview-retry-in =
    { $count ->
        [one] Trying again in one second.
       *[other] Trying again in { $count } seconds.
    }
syncview-progress-push = Sending { $done } of { $total }
syncview-progress-pull =
    { $count ->
        [one] Received one change
       *[other] Received { $count } changes
    }
syncview-name-required = Give the team a name.
syncview-now = Sync now
syncview-progress = Sync progress
syncview-create-title = Create a team
syncview-create-help = This device becomes the team's supervisor: it invites, admits and removes devices.
syncview-relay-label = Sync server address
syncview-name-label = Team name
syncview-create-button = Create team
syncview-join-title = Join a team
syncview-join-help = Type the invite code shown on the supervisor's device.
syncview-code-label = Invite code
syncview-join-button = Join
syncview-team-title = Team
syncview-this-device = This device
syncview-supervisor = Supervisor
syncview-invite-button = Invite a device
syncview-invite-help = Scan this code on the new device, or type the code below it. It works once.
syncview-invite-qr =
    .alt = QR code of the invite
syncview-members-title = Members
syncview-remove-button = Remove
syncview-remove-confirm = Remove this device from the team? The team key will be changed: the device will not be able to read anything written after this.
syncview-remove-yes = Yes, remove it
syncview-cancel = Cancel
syncview-state-warning = Sync needs attention.
syncview-relay-key = Sync server key
syncview-relay-pin-label = Sync server key pin (64 hex digits; only for a server with its own certificate)
