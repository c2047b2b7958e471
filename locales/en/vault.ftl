# Messages of the encrypted vault (crate `vault`). Ids are stable: code maps
# each error to one of them with `VaultError::message_id`.

vault-wrong-passphrase = The passphrase is not correct. Nothing was changed.
vault-unlock-delayed = Too many wrong passphrases. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
vault-locked = The vault is locked. Enter your passphrase to continue.
vault-not-found = There is no vault in this folder yet.
vault-already-exists = A vault already exists in this folder.
vault-not-a-vault = This file is not a FieldScreen vault. It was not changed.
vault-store-damaged = The vault file is damaged and cannot be opened. It has not been deleted: you can set it aside and start a new vault.
vault-unsupported-version = This vault was made by a newer version of FieldScreen (format { $version }). Please update the app.
vault-disk-full = The device storage is full. The last answer was not saved; everything saved before is safe. Free some space and try again.
vault-record-not-found = This record does not exist (it may have been deleted).
vault-record-damaged = { $reason ->
        [rolled_back] This record is older than this device last saved it: it may have been put back from an old copy. It is not shown, so that no older answer passes for the current one. It has been kept.
       *[other] This record is damaged and cannot be read. It has been kept; other records are not affected.
    }
vault-wrong-kind = This action does not apply to this kind of record.
vault-no-conflict = There is no conflict to resolve for this answer.
vault-invalid-input = Some information is missing or not valid ({ $what }).
vault-invalid-kdf-params = These security settings are too weak or not valid.
vault-kdf-out-of-range = This vault asks for security settings outside the range FieldScreen accepts (memory { $memory } MiB, { $passes } passes, { $lanes } lanes). It was not opened and nothing was changed: the file may have been tampered with.
vault-key-destruction-failed = The key could not be overwritten before the files were erased. The files are gone, but the device's storage may still hold old copies of them.
vault-wiped-after-attempts = Too many wrong passphrases: the vault has been erased.
vault-random-unavailable = The device could not produce secure random numbers. Nothing was saved.
vault-crypto = Encryption failed. Nothing was saved.
vault-io = The device storage could not be read or written.
vault-database = The vault could not complete this action. Nothing was lost.
