## Messages the core formats: errors and text with arguments.

message-missing = (text not available)
app-version = Version { $version }
error-unexpected = Something went wrong. Nothing you entered was lost.
error-unknown-language = This language is not available: { $code }.
error-data-folder = The app cannot use its data folder ({ $path }): { $reason }
error-settings-save = Your settings could not be saved: { $reason }
error-io = The device storage could not be read or written: { $reason }
error-record-not-found = There is no case with the id { $id }.
error-unknown-question = This questionnaire has no question “{ $question }” that can be answered.
error-invalid-answer = “{ $value }” is not a valid answer to “{ $question }”.
error-state-not-offered = This questionnaire does not offer “don't know” or “prefer not to answer” for “{ $question }”.
error-invalid-form = The questionnaire at { $path } cannot be used: { $reason }
error-passphrase-mismatch = The two passphrases are not the same.
error-form-hash-invalid = This record names its questionnaire in a way that is not valid ({ $hash }). It was not opened; nothing outside the vault was read.
error-form-hash-mismatch = The questionnaire kept for this record does not match the one the record was started with (expected { $expected }, found { $found }). It was not used.
translation-draft-count =
    { $drafted ->
        [one] One text in this language was drafted by machine and no person has reviewed it yet.
       *[other] { $drafted } of { $total } texts in this language were drafted by machine and no person has reviewed them yet.
    }

## The security screen's wipe limit (app::security)
security-wipe-never = Never
security-wipe-after = After { $count } wrong passphrases in a row
security-idle-never = Never (set in this device's settings file)
security-idle-after = { $count ->
    [one] After { $count } minute without use
   *[other] After { $count } minutes without use
}
