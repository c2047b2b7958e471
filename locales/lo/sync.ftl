## status: machine-drafted — needs review by a native speaker
# ຂໍ້ຄວາມຂອງການຊິງ ແລະ ເຊີບເວີຊິງ

sync-change-rejected = ການປ່ຽນແປງຈາກທີມບໍ່ສາມາດກວດສອບໄດ້ ແລະ ຖືກແຍກໄວ້. ຂໍ້ມູນຂອງທ່ານຍັງປອດໄພ.
sync-key-missing = ການປ່ຽນແປງຖືກຂຽນດ້ວຍກະແຈທີມທີ່ອຸປະກອນນີ້ບໍ່ມີ. ກະລຸນາຂໍໃຫ້ຫົວໜ້າທີມຮັບອຸປະກອນນີ້ອີກຄັ້ງ.
sync-unknown-device = ການປ່ຽນແປງມາຈາກອຸປະກອນທີ່ບໍ່ຢູ່ໃນທີມຂອງທ່ານ. ມັນບໍ່ໄດ້ຖືກນຳໃຊ້.
sync-newer-version = ການປ່ຽນແປງຖືກຂຽນໂດຍ FieldScreen ລຸ້ນໃໝ່ກວ່າ. ກະລຸນາອັບເດດແອັບ.
sync-random-unavailable = ອຸປະກອນນີ້ບໍ່ສາມາດສ້າງຕົວເລກສຸ່ມທີ່ປອດໄພໄດ້. ບໍ່ມີຫຍັງຖືກສົ່ງ.
sync-relay-answer-bad = ເຊີບເວີຊິງສົ່ງຄຳຕອບທີ່ອ່ານບໍ່ໄດ້. ກະລຸນາລອງໃໝ່ພາຍຫຼັງ.
relay-listening = ເຊີບເວີຊິງກຳລັງຟັງຢູ່ທີ່ { $address }
relay-bad-db = ຕ້ອງລະບຸຖານຂໍ້ມູນເປັນ sqlite:PATH ຫຼື postgres://USER@HOST:PORT/DATABASE (ຕົວຢ່າງ sqlite:/var/lib/fieldscreen/relay.db)
relay-failed = ເຊີບເວີຊິງຢຸດເຮັດວຽກ: { $reason }
