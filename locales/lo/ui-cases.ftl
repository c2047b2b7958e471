## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: strings the UI shows.

case-status-in_progress = ສະບັບຮ່າງ
case-status-complete = ສຳເລັດ
case-status-referred = ແນະນຳໃຫ້ສົ່ງຕໍ່
case-status-consent_declined = ບໍ່ຍິນຍອມ
case-status-damaged = ເສຍຫາຍ: ເກັບໄວ້ ແຕ່ອ່ານບໍ່ໄດ້
cases-search-label = ຄົ້ນຫາ
cases-search-hint = ລະຫັດເຮືອ, ແບບສອບຖາມ, ສະຖານະ ຫຼື ວັນທີ
cases-filter-status = ສະຖານະ
cases-filter-kind = ປະເພດ
cases-filter-all = ທັງໝົດ
cases-new-interview = ການສຳພາດໃໝ່
cases-new-inspection = ການກວດກາເຮືອໃໝ່
cases-show-more = ສະແດງເພີ່ມ
cases-none-match = ບໍ່ມີລາຍການທີ່ກົງກັບການຄົ້ນຫາ ແລະ ຕົວກອງ.
cases-col-case = ລາຍການ
cases-col-date = ແກ້ໄຂຫຼ້າສຸດ
cases-col-sync = ເກັບໄວ້
cases-open = ເປີດ
inspection-title = ການກວດກາເຮືອໃໝ່
inspection-explainer = ໃສ່ຂໍ້ມູນເຮືອຈາກເອກະສານຂອງເຮືອ. ຈາກນັ້ນສຳພາດລູກເຮືອແຕ່ລະຄົນຕາມລຳພັງ, ໃຫ້ພົ້ນສາຍຕາ ແລະ ການໄດ້ຍິນຂອງນາຍເຮືອ, ຫົວໜ້າລູກເຮືອ ແລະ ນາຍໜ້າ.
inspection-required = ຈຳເປັນ
inspection-choose = ເລືອກ…
inspection-save = ບັນທຶກ ແລະ ສະແດງລາຍຊື່ລູກເຮືອ
inspection-cancel = ຍົກເລີກ
vessel-details-title = ຂໍ້ມູນເຮືອ
vessel-crew-title = ລູກເຮືອ
vessel-add-crew = ສຳພາດລູກເຮືອ
vessel-crew-empty = ຍັງບໍ່ໄດ້ສຳພາດລູກເຮືອຄົນໃດ.
vessel-back = ກັບໄປທີ່ລາຍການ
vessel-checks = ການກວດເຮືອ: ເອກະສານ, ສິ່ງອຳນວຍຄວາມສະດວກ, ລາຍຊື່ລູກເຮືອ
wipe-open = ລຶບທັງໝົດ
wipe-title = ລຶບທຸກຢ່າງໃນອຸປະກອນນີ້
wipe-explainer = ການດຳເນີນການນີ້ຈະລຶບການສຳພາດ ແລະ ການກວດກາເຮືອທັງໝົດໃນອຸປະກອນນີ້, ພ້ອມທັງກະແຈທີ່ປົກປ້ອງພວກມັນ. ບໍ່ສາມາດຍົກເລີກຄືນໄດ້: ບັນທຶກທີ່ຍັງບໍ່ໄດ້ແບ່ງປັນກັບທີມຈະສູນເສຍຕະຫຼອດໄປ. ບໍ່ຕ້ອງໃຊ້ລະຫັດຜ່ານ. ຈາກນັ້ນແອັບຈະເລີ່ມໃໝ່ຄືກັບຫາກໍຕິດຕັ້ງ.
wipe-confirm-word = ລຶບ
wipe-word-intro = ເພື່ອຢືນຢັນ, ໃຫ້ພິມຄຳນີ້:
wipe-type-label = ຄຳທີ່ສະແດງຢູ່ຂ້າງເທິງ
wipe-submit = ລຶບທັງໝົດດຽວນີ້
wipe-cancel = ຍົກເລີກ, ເກັບໄວ້ທັງໝົດ
cases-form-version = ສະບັບ
cases-rolled-back-accept = ຍອມຮັບຕາມສະພາບປັດຈຸບັນ
