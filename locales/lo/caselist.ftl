## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: messages the core formats.

case-kind-interview = ການສຳພາດ
case-kind-vessel_inspection = ການກວດກາເຮືອ
case-kind-damaged = ບັນທຶກເສຍຫາຍ
case-sync-device_only = ຢູ່ໃນອຸປະກອນນີ້ເທົ່ານັ້ນ
case-sync-waiting = ລໍຖ້າສົ່ງໃຫ້ທີມ
case-sync-synced = ແບ່ງປັນກັບທີມແລ້ວ
case-list-summary = ສະແດງ { $shown } ຈາກ { $matched } (ໃນອຸປະກອນນີ້ { $total })
vessel-field-problem = { $field }: { $problem }
vessel-field-required = ຕ້ອງຕື່ມຊ່ອງນີ້.
vessel-answer-dont_know = ບໍ່ຮູ້
vessel-answer-prefer_not = ບໍ່ປະສົງຈະຕອບ
vessel-crew-unnamed = ລູກເຮືອຄົນທີ { $n }
vessel-crew-summary = ລູກເຮືອທີ່ສຳພາດແລ້ວ: { $count }
wipe-not-confirmed = ຄຳທີ່ພິມບໍ່ກົງກັນ. ຍັງບໍ່ໄດ້ລຶບຫຍັງ.
case-form-waiting = ກຳລັງລໍຖ້າແບບສອບຖາມຈາກທີມ
case-form-refused = ແບບສອບຖາມທີ່ໄດ້ຮັບຈາກທີມຖືກປະຕິເສດ
case-form-missing = ອຸປະກອນນີ້ບໍ່ມີແບບສອບຖາມຂອງມັນ

case-rolled-back = ມີ { $count } ບັນທຶກທີ່ເກົ່າກວ່າທີ່ອຸປະກອນນີ້ເຫັນຄັ້ງສຸດທ້າຍ. ອາດມີຄົນເອົາສຳເນົາເກົ່າຂອງບ່ອນເກັບຂໍ້ມູນໃນອຸປະກອນນີ້ກັບມາໃສ່. ບັນທຶກເຫຼົ່ານີ້ຍັງເກັບໄວ້ ແຕ່ເປີດບໍ່ໄດ້ຈົນກວ່າທ່ານຈະຍອມຮັບຕາມສະພາບປັດຈຸບັນ. ສິ່ງທີ່ສູນເສຍໄປຕັ້ງແຕ່ນັ້ນບໍ່ຢູ່ໃນອຸປະກອນນີ້ແລ້ວ; ສະມາຊິກທີມທີ່ຊິງຂໍ້ມູນໄວ້ອາດຍັງມີຢູ່.
