## status: machine-drafted — needs review by a native speaker

exportui-title = ສົ່ງອອກຂໍ້ມູນ
exportui-open = ສົ່ງອອກ
exportui-none = ຍັງບໍ່ມີການສຳພາດໃຫ້ສົ່ງອອກ.
exportui-questionnaire = ແບບສອບຖາມ
exportui-format = ຮູບແບບໄຟລ໌
exportui-format-csv = ໄຟລ໌ CSV ໃນ zip (ຮູບແບບ ODK Central)
exportui-format-xlsx = ປຶ້ມວຽກ Excel
exportui-format-json = JSON (ທຸກຄຳຕອບພ້ອມພາສາ, ການໃຫ້ຄະແນນ ແລະ ຫຼັກຖານ)
exportui-labels = ຂຽນຄຳຕອບເປັນ
exportui-values = ຊື່ຕົວເລືອກ (ສຳລັບການວິເຄາະ)
exportui-split = ໜຶ່ງຖັນ 1/0 ຕໍ່ໜຶ່ງຕົວເລືອກຂອງຄຳຖາມແບບເລືອກຫຼາຍຂໍ້
exportui-from = ເລີ່ມໃນວັນທີ ຫຼື ຫຼັງຈາກ
exportui-to = ເລີ່ມໃນວັນທີ ຫຼື ກ່ອນ
exportui-status = ສະຖານະ
exportui-status-any = ທັງໝົດ
exportui-status-complete = ສຳເລັດ
exportui-status-in-progress = ກຳລັງດຳເນີນການ
exportui-recipient = ເຂົ້າລະຫັດສຳລັບກະແຈສາທາລະນະ age ນີ້ (ບໍ່ບັງຄັບ)
exportui-plaintext-warning = ຖ້າບໍ່ມີກະແຈ ໄຟລ໌ຈະບໍ່ຖືກເຂົ້າລະຫັດ: ໃຜກໍຕາມທີ່ໄດ້ໄຟລ໌ໄປສາມາດອ່ານທຸກຄຳຕອບໄດ້. ເກັບໄວ້ໃນໄດຣຟ໌ທີ່ເຂົ້າລະຫັດ, ແບ່ງປັນສະເພາະກັບຜູ້ທີ່ໄດ້ຮັບອະນຸຍາດ ແລະ ລຶບຖິ້ມເມື່ອບໍ່ຕ້ອງການແລ້ວ.
exportui-plaintext-ok = ຂ້ອຍເຂົ້າໃຈ: ບັນທຶກໂດຍບໍ່ເຂົ້າລະຫັດ
exportui-start = ສົ່ງອອກ…
exportui-cancel = ຍົກເລີກການສົ່ງອອກ
exportui-progress = ຄວາມຄືບໜ້າການສົ່ງອອກ
exportui-back = ກັບຄືນ
exportui-case-pdf = ບັນທຶກເປັນ PDF…
exportui-case-pdf-saved = ບັນທຶກສະຫຼຸບກໍລະນີເປັນ PDF ແລ້ວ. ໄຟລ໌ນີ້ບໍ່ໄດ້ເຂົ້າລະຫັດ: ເກັບຮັກສາໃຫ້ປອດໄພ ແລະ ລຶບຖິ້ມເມື່ອບໍ່ຕ້ອງການແລ້ວ.
