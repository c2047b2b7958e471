## FieldScreen user interface: the strings the UI shows.
## Messages here without arguments are sent to the UI as one table per language.

# The language's own name, shown in the language switcher.
language-name = English
app-name = FieldScreen
app-tagline = Labour inspection and victim screening — offline, encrypted, in your language
skip-to-content = Skip to main content
language-switcher-label = Language
home-title = Welcome
home-intro = Everything you record stays encrypted on this device. It is shared only with your team's devices, never in a readable form.
translation-draft-notice = This translation was drafted by machine and is waiting for review by a native speaker.
