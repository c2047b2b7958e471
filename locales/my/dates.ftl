## status: machine-drafted — needs review by a native speaker

## Dates as the case list shows them (crates/app/src/dates.rs chooses era and digits).

date-day-month-year = { $day } { $month } { $year }
# A moment with its clock time and the zone it is told in (conflicts, answers).
date-time-zone = { $date }၊ { $time } ({ $zone })
date-month-1 = ဇန်နဝါရီ
date-month-2 = ဖေဖော်ဝါရီ
date-month-3 = မတ်
date-month-4 = ဧပြီ
date-month-5 = မေ
date-month-6 = ဇွန်
date-month-7 = ဇူလိုင်
date-month-8 = ဩဂုတ်
date-month-9 = စက်တင်ဘာ
date-month-10 = အောက်တိုဘာ
date-month-11 = နိုဝင်ဘာ
date-month-12 = ဒီဇင်ဘာ
