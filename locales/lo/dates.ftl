## status: machine-drafted — needs review by a native speaker

## Dates as the case list shows them (crates/app/src/dates.rs chooses era and digits).

date-day-month-year = { $day } { $month } { $year }
# A moment with its clock time and the zone it is told in (conflicts, answers).
date-time-zone = { $date } ເວລາ { $time } ({ $zone })
date-month-1 = ມັງກອນ
date-month-2 = ກຸມພາ
date-month-3 = ມີນາ
date-month-4 = ເມສາ
date-month-5 = ພຶດສະພາ
date-month-6 = ມິຖຸນາ
date-month-7 = ກໍລະກົດ
date-month-8 = ສິງຫາ
date-month-9 = ກັນຍາ
date-month-10 = ຕຸລາ
date-month-11 = ພະຈິກ
date-month-12 = ທັນວາ
