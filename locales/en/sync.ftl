# Messages of sync and the relay (crates `sync`, `relay`, `fieldscreen relay`)

sync-change-rejected = A change from the team could not be checked and was set aside. Your own data is safe.
sync-key-missing = A change was written with a team key this device does not have. Ask your team's supervisor to admit this device again.
sync-unknown-device = A change came from a device that is not in your team. It was not applied.
sync-newer-version = A change was written by a newer version of FieldScreen. Please update the app.
sync-random-unavailable = This device cannot make secure random numbers. Nothing was sent.
sync-relay-answer-bad = The sync server sent an answer that could not be read. Try again later.
relay-listening = Sync relay listening on { $address }
relay-bad-db = The database must be given as sqlite:PATH or postgres://USER@HOST:PORT/DATABASE (for example sqlite:/var/lib/fieldscreen/relay.db).
relay-failed = The sync relay stopped: { $reason }
