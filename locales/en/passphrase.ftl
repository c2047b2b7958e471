# The passphrase rule and its strength meter (crate `app`, module
# `passphrase`): the same sentences in the window and in the CLI.

passphrase-too-short = A passphrase needs at least { $min } characters. Five random words are a good choice.
passphrase-too-weak = This passphrase is too easy to guess. { $reason } Someone with a copy of this device's files and { $cores } processor cores as fast as this device's could find it in { $time }. Choose one that would take at least { $years } years, for example five random words.
passphrase-strong = Someone with a copy of this device's files and { $cores } processor cores as fast as this device's would need { $time } to guess this passphrase.
passphrase-reason-keyboard = Rows and patterns of keys are among the first things tried.
passphrase-reason-repeats = Repeated characters or words add little.
passphrase-reason-common = It is one of the most common passwords.
passphrase-reason-similar = It is close to a common password.
passphrase-reason-sequence = Sequences such as abc or 1234 are tried early.
passphrase-reason-dates = Dates and years are tried early.
passphrase-reason-word = A single word is tried early.
passphrase-reason-names = Names are tried early.
passphrase-reason-script = FieldScreen cannot recognise words in this script, so it counts each character as worth little: use a longer sentence of unrelated words.
passphrase-reason-guessable = It follows patterns that guessing programs try first.
passphrase-time-instant = less than a second
passphrase-time-seconds = about { $n ->
        [one] one second
       *[other] { $n } seconds
    }
passphrase-time-minutes = about { $n ->
        [one] one minute
       *[other] { $n } minutes
    }
passphrase-time-hours = about { $n ->
        [one] one hour
       *[other] { $n } hours
    }
passphrase-time-days = about { $n ->
        [one] one day
       *[other] { $n } days
    }
passphrase-time-years = about { $n ->
        [one] one year
       *[other] { $n } years
    }
passphrase-time-forever = more than a million years
