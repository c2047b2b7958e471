## status: machine-drafted — needs review by a native speaker

## Dates as the case list shows them (crates/app/src/dates.rs chooses era and digits).

date-day-month-year = { $day } { $month } { $year }
# A moment with its clock time and the zone it is told in (conflicts, answers).
date-time-zone = { $date } ម៉ោង { $time } ({ $zone })
date-month-1 = មករា
date-month-2 = កុម្ភៈ
date-month-3 = មីនា
date-month-4 = មេសា
date-month-5 = ឧសភា
date-month-6 = មិថុនា
date-month-7 = កក្កដា
date-month-8 = សីហា
date-month-9 = កញ្ញា
date-month-10 = តុលា
date-month-11 = វិច្ឆិកា
date-month-12 = ធ្នូ
