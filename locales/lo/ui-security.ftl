## status: machine-drafted — needs review by a native speaker
## The security screen: change the passphrase, erase after wrong passphrases.
security-open = ຄວາມປອດໄພ
security-title = ຄວາມປອດໄພ
security-passphrase-title = ປ່ຽນລະຫັດຜ່ານ
security-passphrase-explainer = ທຸກຢ່າງຍັງຢູ່ໃນອຸປະກອນນີ້; ປ່ຽນພຽງແຕ່ລະຫັດຜ່ານທີ່ໃຊ້ເປີດ. ຢ່າບອກລະຫັດຜ່ານໃໝ່ໃຫ້ໃຜ ແລະ ຢ່າຂຽນໄວ້ໃກ້ອຸປະກອນນີ້.
security-current-label = ລະຫັດຜ່ານປັດຈຸບັນ
security-new-label = ລະຫັດຜ່ານໃໝ່
security-again-label = ພິມລະຫັດຜ່ານໃໝ່ອີກຄັ້ງ
security-change-submit = ປ່ຽນລະຫັດຜ່ານ
security-changed = ປ່ຽນລະຫັດຜ່ານແລ້ວ. ຕັ້ງແຕ່ນີ້ໄປໃຫ້ໃຊ້ລະຫັດຜ່ານໃໝ່.
security-wipe-title = ລຶບເມື່ອໃສ່ລະຫັດຜ່ານຜິດ
security-wipe-explainer = ຖ້າມີຄົນພະຍາຍາມເດົາລະຫັດຜ່ານຊ້ຳໆ, ອຸປະກອນນີ້ສາມາດລຶບທຸກຢ່າງທີ່ມັນເກັບໄວ້ໄດ້. ສິ່ງທີ່ແບ່ງປັນກັບທີມແລ້ວຍັງຢູ່ກັບທີມ; ສິ່ງທີ່ຍັງບໍ່ໄດ້ແບ່ງປັນຈະສູນເສຍ.
security-wipe-label = ລຶບທັງໝົດເມື່ອໃດ
security-idle-title = ລັອກເມື່ອບໍ່ໄດ້ໃຊ້
security-idle-explainer = ເມື່ອບໍ່ມີໃຜແຕະແອັບດົນເທົ່ານີ້, ບ່ອນເກັບຂໍ້ມູນຈະລັອກເອງ ແລະ ຕ້ອງໃຊ້ລະຫັດຜ່ານເພື່ອເປີດອີກຄັ້ງ. ເວລາທີ່ສັ້ນກວ່າຊ່ວຍປົກປ້ອງໂທລະສັບທີ່ຖືກວາງໄວ້ ຫຼື ຖືກເອົາໄປ.
security-idle-label = ລັອກເມື່ອໃດ
security-saved = ບັນທຶກແລ້ວ.
