## status: machine-drafted — needs review by a native speaker
# Hand-over mode: the respondent holds the device and answers alone.

handover-title = ຕອບດ້ວຍຕົນເອງ
handover-progress = ຄຳຖາມທີ { $step } ຈາກ { $steps }
handover-replay = ຫຼິ້ນຄຳຖາມອີກຄັ້ງ
handover-dont-know = ຂ້ອຍບໍ່ຮູ້
handover-skip = ຂ້າມຄຳຖາມນີ້
handover-previous = ຄຳຖາມກ່ອນໜ້າ
handover-done = ຂອບໃຈ. ກະລຸນາສົ່ງອຸປະກອນຄືນໃຫ້ຄົນທີ່ສົ່ງມັນໃຫ້ທ່ານ.
handover-no-prompt = ບໍ່ມີສຽງບັນທຶກຂອງຄຳຖາມນີ້ເປັນພາສາຂອງທ່ານ. ກະລຸນາອ່ານມັນຢູ່ໜ້າຈໍ.
handover-synthesized = ສຽງນີ້ສ້າງໂດຍຄອມພິວເຕີ, ບໍ່ແມ່ນສຽງທີ່ຄົນບັນທຶກໄວ້.
handover-leave = ສົ່ງຄືນ
handover-leave-hint = ຜູ້ສຳພາດກົດປຸ່ມນີ້ຄ້າງໄວ້ເພື່ອຮັບອຸປະກອນຄືນ.
handover-answers-label = ຄຳຕອບຂອງທ່ານ

handover-confirm-title = ກັບໄປໜ້າຈໍຂອງຜູ້ສຳພາດ
handover-confirm-passphrase = ລະຫັດຜ່ານ
handover-confirm = ຢືນຢັນ
handover-cancel = ຍົກເລີກ

error-handing-over = ອຸປະກອນຢູ່ກັບຜູ້ຕອບ. ກົດ "ສົ່ງຄືນ" ຄ້າງໄວ້ ແລະ ຢືນຢັນດ້ວຍລະຫັດຜ່ານກ່ອນ.
error-handover-nothing = ພາກນີ້ບໍ່ມີຄຳຖາມແມ່ນ ຫຼື ບໍ່ແມ່ນ ທີ່ຜູ້ຕອບສາມາດຕອບເອງໄດ້.
error-handover-none = ອຸປະກອນບໍ່ໄດ້ຢູ່ໃນໂໝດສົ່ງໃຫ້ຜູ້ຕອບ.
