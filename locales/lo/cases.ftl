## status: machine-drafted — needs review by a native speaker

cli-passphrase-file-unreadable = ບໍ່ສາມາດອ່ານໄຟລ໌ລະຫັດຜ່ານ { $path } ໄດ້: { $reason }
cli-passphrase-needed = ບໍ່ໄດ້ໃຫ້ລະຫັດຜ່ານ. ໃຊ້ --passphrase-file FILE ຫຼື ຕົວແປສະພາບແວດລ້ອມ { $var }.
cli-prompt-passphrase = ລະຫັດຜ່ານ:
cli-prompt-new-passphrase = ລະຫັດຜ່ານໃໝ່:
cli-vault-created = ສ້າງບ່ອນເກັບຂໍ້ມູນທີ່ເຂົ້າລະຫັດໄວ້ໃນ { $path } ແລ້ວ. ຮັກສາລະຫັດຜ່ານໃຫ້ປອດໄພ: ມັນບໍ່ສາມາດກູ້ຄືນໄດ້.
cli-vault-info =
    ບ່ອນເກັບຂໍ້ມູນ: { $path }
    ລະຫັດ: { $id }
    ຮູບແບບ: { $format }
    ບັນທຶກ: { $records }
    ຂະໜາດ: { $bytes } ໄບ
    ການສ້າງກະແຈ: Argon2id, { $memory } MiB, { $iterations } ຮອບ
cli-passphrase-changed = ປ່ຽນລະຫັດຜ່ານແລ້ວ.
cli-wipe-needs-yes = ການລຶບຈະລຶບທຸກບັນທຶກໃນອຸປະກອນນີ້. ແລ່ນອີກຄັ້ງດ້ວຍ --yes ເພື່ອຢືນຢັນ.
cli-wipe-confirm = ລຶບທຸກບັນທຶກໃນ { $path } ບໍ? ການສຳພາດທີ່ຍັງບໍ່ໄດ້ຊິງຈະເສຍໄປຕະຫຼອດການ. ພິມ WIPE ເພື່ອຢືນຢັນ:
cli-wipe-cancelled = ບໍ່ມີຫຍັງຖືກລຶບ.
cli-vault-wiped = ບ່ອນເກັບຂໍ້ມູນໃນ { $path } ຖືກລຶບແລ້ວ.
cli-answer-needs-value = ໃຫ້ຄຳຕອບ, ຫຼື --dont-know, ຫຼື --prefer-not.
cli-interview-heading = ການສຳພາດ { $id } — { $form } { $version } — { $status }
cli-state-value = (ຄຳຕອບ)
cli-state-dont_know = (ບໍ່ຮູ້)
cli-state-prefer_not = (ບໍ່ຢາກຕອບ)
cli-conflict-marker = {"  "}— ຂັດແຍ່ງ: ອຸປະກອນຕ່າງໆໃຫ້ຄຳຕອບບໍ່ຄືກັນ
