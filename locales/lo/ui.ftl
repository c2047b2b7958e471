## status: machine-drafted — needs review by a native speaker

language-name = ລາວ
app-name = FieldScreen
app-tagline = ການກວດແຮງງານ ແລະ ການຄັດກອງຕົວຊີ້ວັດການຄ້າມະນຸດ ແລະ ການບັງຄັບອອກແຮງງານ — ໃຊ້ແບບອອບໄລນ໌, ເຂົ້າລະຫັດ, ເປັນພາສາຂອງທ່ານ
skip-to-content = ຂ້າມໄປຫາເນື້ອຫາຫຼັກ
language-switcher-label = ພາສາ
# The menu that holds the language, lock, sync and erase during an interview on a phone.
app-menu = ເມນູ
app-menu-your-language = ພາສາຂອງທ່ານ (ຜູ້ສຳພາດ)
setup-title = ປົກປ້ອງບັນທຶກໃນອຸປະກອນນີ້
setup-explainer = ເລືອກລະຫັດຜ່ານ. ມັນເຂົ້າລະຫັດທຸກການສຳພາດໃນອຸປະກອນນີ້: ຖ້າບໍ່ມີມັນ ບໍ່ມີໃຜອ່ານໄດ້, ແມ່ນແຕ່ທ່ານເອງ. ມັນບໍ່ສາມາດກູ້ຄືນໄດ້ຖ້າທ່ານລືມ.
setup-passphrase-label = ລະຫັດຜ່ານ
setup-again-label = ພິມລະຫັດຜ່ານເກົ່າອີກຄັ້ງ
setup-submit = ສ້າງບ່ອນເກັບຂໍ້ມູນທີ່ເຂົ້າລະຫັດ
setup-strength-label = ຄວາມແຂງແຮງຂອງລະຫັດຜ່ານ
setup-suggest = ແນະນຳລະຫັດຜ່ານ
setup-suggested-label = ລະຫັດຜ່ານທີ່ແນະນຳ
setup-suggested-intro = ຂຽນລະຫັດຜ່ານນີ້ໄວ້ດຽວນີ້ ແລະ ເກັບໄວ້ໃຫ້ປອດໄພ: ມັນຈະສະແດງພຽງຄັ້ງດຽວ.
setup-suggested-use = ຂຽນໄວ້ແລ້ວ: ໃຊ້ລະຫັດຜ່ານນີ້
unlock-title = ປ້ອນລະຫັດຜ່ານຂອງທ່ານ
unlock-explainer = ບັນທຶກໃນອຸປະກອນນີ້ຖືກລັອກຢູ່.
unlock-passphrase-label = ລະຫັດຜ່ານ
unlock-submit = ປົດລັອກ
lock-button = ລັອກດຽວນີ້
cases-title = ກໍລະນີ
cases-empty = ຍັງບໍ່ມີການສຳພາດ ຫຼື ການກວດກາໃນອຸປະກອນນີ້.
cases-col-form = ແບບສອບຖາມ
cases-col-status = ສະຖານະ
cases-col-updated = ການປ່ຽນແປງຫຼ້າສຸດ
status-in_progress = ສະບັບຮ່າງ
status-complete = ສຳເລັດ
status-damaged = ເສຍຫາຍ: ເກັບໄວ້ ແຕ່ອ່ານບໍ່ໄດ້
# Quick hide: the neutral screen (a phone with no signal), nothing of the app.
hide-offline-title = ບໍ່ມີການເຊື່ອມຕໍ່ອິນເຕີເນັດ
hide-offline-body = ກວດເບິ່ງການເຊື່ອມຕໍ່ ແລ້ວລອງໃໝ່.
hide-offline-retry = ລອງໃໝ່
