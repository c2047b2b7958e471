## status: machine-drafted — needs review by a native speaker

message-missing = (ບໍ່ມີຂໍ້ຄວາມ)
app-version = ເວີຊັນ { $version }
error-unexpected = ມີບາງຢ່າງຜິດພາດ. ສິ່ງທີ່ທ່ານປ້ອນບໍ່ໄດ້ເສຍໄປ.
error-unknown-language = ບໍ່ມີພາສານີ້: { $code }
error-data-folder = ແອັບບໍ່ສາມາດໃຊ້ໂຟນເດີຂໍ້ມູນຂອງມັນໄດ້ ({ $path }): { $reason }
error-settings-save = ບໍ່ສາມາດບັນທຶກການຕັ້ງຄ່າຂອງທ່ານໄດ້: { $reason }
error-io = ບໍ່ສາມາດອ່ານ ຫຼື ຂຽນບ່ອນເກັບຂໍ້ມູນຂອງອຸປະກອນໄດ້: { $reason }
error-record-not-found = ບໍ່ມີກໍລະນີທີ່ມີລະຫັດ { $id }.
error-unknown-question = ແບບສອບຖາມນີ້ບໍ່ມີຄຳຖາມ “{ $question }” ທີ່ຕອບໄດ້.
error-invalid-answer = “{ $value }” ບໍ່ແມ່ນຄຳຕອບທີ່ຖືກຕ້ອງສຳລັບ “{ $question }”.
error-state-not-offered = ແບບສອບຖາມນີ້ບໍ່ມີທາງເລືອກ “ບໍ່ຮູ້” ຫຼື “ບໍ່ຢາກຕອບ” ສຳລັບ “{ $question }”.
error-invalid-form = ບໍ່ສາມາດໃຊ້ແບບສອບຖາມທີ່ { $path } ໄດ້: { $reason }
error-passphrase-mismatch = ລະຫັດຜ່ານທັງສອງບໍ່ຄືກັນ.
error-passphrase-too-short = ລະຫັດຜ່ານຕ້ອງມີຢ່າງໜ້ອຍ { $min } ຕົວອັກສອນ.
translation-draft-count = ຂໍ້ຄວາມ { $drafted } ຈາກ { $total } ລາຍການໃນພາສານີ້ ຮ່າງໂດຍເຄື່ອງ ແລະ ຍັງບໍ່ມີຜູ້ໃດກວດທານ.
