## status: machine-drafted — needs review by a native speaker

export-bad-date = “{ $date }” ບໍ່ແມ່ນວັນທີ. ກະລຸນາຂຽນເປັນ YYYY-MM-DD.
export-cancelled = ຍົກເລີກການສົ່ງອອກແລ້ວ. ບໍ່ມີໄຟລ໌ຖືກຂຽນ.
export-disk-full = ບ່ອນເກັບຂໍ້ມູນເຕັມ: ການສົ່ງອອກໄປທີ່ { $path } ບໍ່ໄດ້ຖືກຂຽນ. ບໍ່ມີຫຍັງໃນແອັບຖືກປ່ຽນແປງ. ກະລຸນາເພີ່ມບ່ອນຫວ່າງແລ້ວລອງໃໝ່.
export-write-failed = ບໍ່ສາມາດຂຽນການສົ່ງອອກໄປທີ່ { $path }: { $reason }. ບໍ່ມີໄຟລ໌ເຫຼືອຢູ່ໃນຊື່ນັ້ນ.
cli-export-done = ສົ່ງອອກການສຳພາດ { $count } ລາຍການໄປທີ່ { $path } ແລ້ວ. ໄຟລ໌ນີ້ບໍ່ໄດ້ເຂົ້າລະຫັດ: ເກັບຮັກສາໃຫ້ປອດໄພ ແລະ ລຶບຖິ້ມເມື່ອບໍ່ຕ້ອງການແລ້ວ.
stats-k-too-low = ເກນ { $k } ຕ່ຳເກີນໄປ: ຈຳນວນທີ່ໜ້ອຍກວ່າ { $min } ອາດລະບຸຕົວບຸກຄົນໄດ້. ກະລຸນາເລືອກ { $min } ຂຶ້ນໄປ.
stats-not-recorded = ບໍ່ໄດ້ບັນທຶກ
cli-stats-done = ຂຽນສະຖິຕິໄປທີ່ { $path } ແລ້ວ (ບໍ່ສະແດງຈຳນວນທີ່ໜ້ອຍກວ່າ { $k }).
export-bad-recipient = “{ $key }” ບໍ່ແມ່ນກະແຈສາທາລະນະຂອງ age. ກະແຈສາທາລະນະເລີ່ມດ້ວຍ age1 ແລະ ໄດ້ມາຈາກຜູ້ທີ່ຈະເປີດໄຟລ໌.
cli-export-done-encrypted = ສົ່ງອອກການສຳພາດ { $count } ລາຍການໄປທີ່ { $path } ແລ້ວ, ເຂົ້າລະຫັດດ້ວຍ age: ມີແຕ່ຜູ້ຖືກະແຈທີ່ກົງກັນເທົ່ານັ້ນທີ່ເປີດໄດ້.
export-busy = ມີການສົ່ງອອກກຳລັງດຳເນີນຢູ່. ກະລຸນາລໍຖ້າໃຫ້ສຳເລັດ ຫຼື ຍົກເລີກ.
export-dialog-title = ບັນທຶກການສົ່ງອອກ
export-filter-csv = ໄຟລ໌ CSV ໃນ zip (ODK Central)
export-filter-xlsx = ປຶ້ມວຽກ Excel
export-filter-json = JSON
export-filter-age = ໄຟລ໌ທີ່ເຂົ້າລະຫັດດ້ວຍ age
report-case-languages = ພາສາຂອງຜູ້ສຳພາດ: { $interviewer }. ພາສາຂອງຜູ້ໃຫ້ສຳພາດ: { $respondent }.
report-case-printed = ພິມເມື່ອ { $date }. ເອກະສານນີ້ມີຄຳຕອບຂອງບຸກຄົນ: ເກັບໄວ້ໃນບ່ອນທີ່ລັອກ ແລະ ທຳລາຍຖິ້ມເມື່ອບໍ່ຕ້ອງການແລ້ວ.
report-case-notes = ບັນທຶກ
report-case-dialog-title = ບັນທຶກສະຫຼຸບກໍລະນີ
report-case-filter = ເອກະສານ PDF
cli-report-case-done = ຂຽນສະຫຼຸບກໍລະນີໄປທີ່ { $path } ແລ້ວ. ໄຟລ໌ນີ້ບໍ່ໄດ້ເຂົ້າລະຫັດ: ເກັບຮັກສາໃຫ້ປອດໄພ ແລະ ລຶບຖິ້ມເມື່ອບໍ່ຕ້ອງການແລ້ວ.
