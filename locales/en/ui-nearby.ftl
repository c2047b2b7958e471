## Sync with a nearby device (local network, no internet): the sync screen's panel.

nearby-title = Sync with a nearby device
nearby-intro = No internet? Two devices of your team on the same Wi-Fi or hotspot can sync directly. One waits and shows its address; the other types it.
nearby-wait = Wait for a nearby device
nearby-stop = Stop waiting
nearby-address-label = Address of the other device
nearby-address-hint = As the other device shows it, for example 192.168.1.5:47615
nearby-connect = Connect and sync
nearby-addresses-label = On the other device, type one of these addresses:
nearby-state-idle = Not connected to a nearby device.
nearby-state-unavailable = Join a team first: only devices of the same team can sync with each other.
nearby-state-waiting = Waiting for the other device. Keep this screen open.
nearby-state-no-network = Waiting, but this device is on no network. Connect it to the same Wi-Fi or hotspot as the other device.
nearby-state-syncing = Syncing with the nearby device…
nearby-state-done = Synced with the nearby device.
nearby-state-failed = The sync with the nearby device did not finish. Your work is safe on this device.
nearby-nobody-came = No device connected in time. Wait again when the other device is ready.
nearby-synced =
    { $count ->
        [0] Synced with device { $device }: both already had the same records.
        [one] Synced with device { $device }: one record brought up to date.
       *[other] Synced with device { $device }: { $count } records brought up to date.
    }
nearby-progress =
    { $count ->
        [one] Received one change
       *[other] Received { $count } changes
    }
