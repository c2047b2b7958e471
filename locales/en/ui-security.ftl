## The security screen: change the passphrase, erase after wrong passphrases.
security-open = Security
security-title = Security
security-passphrase-title = Change the passphrase
security-passphrase-explainer = Everything stays on this device; only the passphrase that opens it changes. Tell nobody the new one, and write it nowhere near this device.
security-current-label = Current passphrase
security-new-label = New passphrase
security-again-label = The new passphrase again
security-change-submit = Change the passphrase
security-changed = The passphrase is changed. Use the new one from now on.
security-wipe-title = Erase after wrong passphrases
security-wipe-explainer = If someone keeps guessing the passphrase, this device can erase everything it holds. What was already shared with your team stays with them; anything not yet shared is lost.
security-wipe-label = When to erase everything
security-idle-title = Lock when not in use
security-idle-explainer = When nobody has touched the app for this long, the store locks itself and opening it again needs the passphrase. A shorter time protects a phone that is set down or taken.
security-idle-label = When to lock
security-saved = Saved.
