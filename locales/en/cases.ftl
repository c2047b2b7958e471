## The `fieldscreen vault` and `fieldscreen interview` commands.

cli-passphrase-file-unreadable = The passphrase file { $path } cannot be read: { $reason }
cli-passphrase-needed = No passphrase given. Use --passphrase-file FILE or the { $var } environment variable.
cli-prompt-passphrase = Passphrase:
cli-prompt-new-passphrase = New passphrase:
cli-vault-created = Encrypted vault created in { $path }. Keep the passphrase safe: it cannot be recovered.
cli-vault-info =
    Vault: { $path }
    Id: { $id }
    Format: { $format }
    Records: { $records }
    Size: { $bytes } bytes
    Key derivation: Argon2id, { $memory } MiB, { $iterations } iterations
cli-passphrase-changed = The passphrase has been changed.
cli-wipe-needs-yes = Wiping erases every record on this device. Run again with --yes to confirm.
cli-wipe-confirm = Erase every record in { $path }? Interviews not yet synced are lost for ever. Type WIPE to confirm:
cli-wipe-cancelled = Nothing was erased.
cli-vault-wiped = The vault in { $path } has been erased.
cli-answer-needs-value = Give a value, or --dont-know, or --prefer-not.
cli-interview-heading = Interview { $id } — { $form } { $version } — { $status }
cli-state-value = (value)
cli-state-dont_know = (don't know)
cli-state-prefer_not = (prefer not to answer)
cli-conflict-marker = {"  "}— conflict: devices gave different answers
