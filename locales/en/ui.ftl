## FieldScreen user interface: the strings the UI shows.
## Messages here without arguments are sent to the UI as one table per language.

# The language's own name, shown in the language switcher.
language-name = English
app-name = FieldScreen
app-tagline = Labour inspection and screening for trafficking and forced labour — offline, encrypted, in your language
skip-to-content = Skip to main content
language-switcher-label = Language
# The menu that holds the language, lock, sync and erase during an interview on a phone.
app-menu = Menu
app-menu-your-language = Your language (interviewer)
setup-title = Protect the records on this device
setup-explainer = Choose a passphrase. It encrypts every interview kept on this device: without it nobody can read them, not even you. It cannot be recovered if you forget it.
setup-passphrase-label = Passphrase
setup-again-label = The same passphrase again
setup-submit = Create the encrypted store
setup-strength-label = Passphrase strength
setup-suggest = Suggest a passphrase
setup-suggested-label = Suggested passphrase
setup-suggested-intro = Write this passphrase down now and keep it safe: it is shown only once.
setup-suggested-use = I have written it down: use it
unlock-title = Enter your passphrase
unlock-explainer = The records on this device are locked.
unlock-passphrase-label = Passphrase
unlock-submit = Unlock
lock-button = Lock now
cases-title = Cases
cases-empty = There are no interviews or inspections on this device yet.
cases-col-form = Questionnaire
cases-col-status = Status
cases-col-updated = Last change
status-in_progress = Draft
status-complete = Complete
status-damaged = Damaged: kept, cannot be read
# Quick hide: the neutral screen (a phone with no signal), nothing of the app.
hide-offline-title = No internet connection
hide-offline-body = Check your connection, then try again.
hide-offline-retry = Try again
