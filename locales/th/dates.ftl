## status: machine-drafted — needs review by a native speaker

## Dates as the case list shows them (crates/app/src/dates.rs chooses era and digits).

date-day-month-year = { $day } { $month } { $year }
# A moment with its clock time and the zone it is told in (conflicts, answers).
date-time-zone = { $date } เวลา { $time } น. ({ $zone })
date-month-1 = ม.ค.
date-month-2 = ก.พ.
date-month-3 = มี.ค.
date-month-4 = เม.ย.
date-month-5 = พ.ค.
date-month-6 = มิ.ย.
date-month-7 = ก.ค.
date-month-8 = ส.ค.
date-month-9 = ก.ย.
date-month-10 = ต.ค.
date-month-11 = พ.ย.
date-month-12 = ธ.ค.
