## The case list, vessel inspections and quick wipe: messages the core formats.

case-kind-interview = Interview
case-kind-vessel_inspection = Vessel inspection
case-kind-damaged = Damaged record
case-sync-device_only = On this device only
case-sync-waiting = Waiting to be sent to the team
case-sync-synced = Shared with the team
case-list-summary = Showing { $shown } of { $matched } ({ $total } on this device)
vessel-field-problem = { $field }: { $problem }
vessel-field-required = This is required.
vessel-answer-dont_know = Don't know
vessel-answer-prefer_not = Prefers not to answer
vessel-crew-unnamed = Crew member { $n }
vessel-crew-summary = Crew interviews: { $count }
wipe-not-confirmed = The word typed does not match. Nothing was erased.
case-form-waiting = Waiting for the questionnaire from the team
case-form-refused = The team's copy of its questionnaire was refused
case-form-missing = Its questionnaire is not on this device

case-rolled-back = { $count ->
    [one] One record is older than this device last saw it: someone may have put back an old copy of this device's store. It is kept, but cannot be opened until you accept it as it is now. What it lost since is not on this device; a teammate who synced may still have it.
   *[other] { $count } records are older than this device last saw them: someone may have put back an old copy of this device's store. They are kept, but cannot be opened until you accept them as they are now. What they lost since is not on this device; a teammate who synced may still have it.
}
