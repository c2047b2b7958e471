export-bad-date = “{ $date }” is not a date. Write it as YYYY-MM-DD.
export-cancelled = The export was cancelled. No file was written.
export-disk-full = The storage is full: the export to { $path } was not written. Nothing in the app was changed. Free some space and try again.
export-write-failed = The export could not be written to { $path }: { $reason }. No file was left under that name.
cli-export-done = { $count } interviews exported to { $path }. The file is not encrypted: keep it safe and delete it when it is no longer needed.
stats-k-too-low = A threshold of { $k } is too low: counts below { $min } could identify people. Choose { $min } or more.
stats-not-recorded = Not recorded
cli-stats-done = Statistics written to { $path } (counts below { $k } withheld).
