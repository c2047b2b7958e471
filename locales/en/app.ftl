## Messages the core formats: errors and text with arguments.

message-missing = (text not available)
app-version = Version { $version }
error-unexpected = Something went wrong. Nothing you entered was lost.
error-unknown-language = This language is not available: { $code }.
error-data-folder = The app cannot use its data folder ({ $path }): { $reason }
error-settings-save = Your settings could not be saved: { $reason }
