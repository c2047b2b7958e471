## Hand-over by file (USB stick, SD card): the sync screen's part and the file dialog.

bundle-title = Hand over by file
bundle-intro = No network? Save this device's records to a file on a USB stick or SD card, and open it on another device of your team. Only devices of your team can read the file.
bundle-save = Save to a file
bundle-open = Open a file from another device
bundle-working = Working…
bundle-save-title = Save the team's records to a file
bundle-open-title = Open a file from a device of your team
bundle-filter = FieldScreen team file
bundle-saved =
    { $count ->
        [0] There are no records to save.
        [one] One record saved to the file.
       *[other] { $count } records saved to the file.
    }
bundle-merged =
    { $count ->
        [0] The file held no records.
        [one] One record merged from the file.
       *[other] { $count } records merged from the file.
    }
bundle-set-aside =
    { $count ->
        [one] One record was set aside: it does not come from a device of your team, or it is damaged.
       *[other] { $count } records were set aside: they do not come from a device of your team, or they are damaged.
    }
