## status: machine-drafted — needs review by a native speaker
# ການຮັບອຸປະກອນທີ່ຄົນຢືນຢັນ, ລະຫັດເຊີນທີ່ໝົດອາຍຸ ແລະ ຂໍ້ຈຳກັດຂອງເຊີບເວີ

admit-registration-refused = ເຊີບເວີຊິງບໍ່ສ້າງທີມໂດຍບໍ່ມີໂທເຄັນຂອງຜູ້ດູແລເຊີບເວີ. ຂໍໄຟລ໌ໂທເຄັນຈາກຜູ້ດູແລເຊີບເວີ ແລ້ວລະບຸດ້ວຍ --operator-token-file.
admit-invite-expired = ລະຫັດເຊີນນີ້ໝົດອາຍຸແລ້ວ. ຂໍລະຫັດໃໝ່ຈາກຫົວໜ້າຂອງທ່ານ.
admit-invite-used = ລະຫັດເຊີນນີ້ຖືກອຸປະກອນອື່ນໃຊ້ແລ້ວ. ຂໍລະຫັດໃໝ່ຈາກຫົວໜ້າຂອງທ່ານ.
admit-invite-unknown = ເຊີບເວີຊິງບໍ່ຮູ້ຈັກລະຫັດເຊີນນີ້. ຂໍລະຫັດໃໝ່ຈາກຫົວໜ້າຂອງທ່ານ.
admit-fingerprint-bad = “{ $fingerprint }” ບໍ່ແມ່ນລາຍນິ້ວມືຂອງອຸປະກອນ: ມັນມີ 12 ຕົວເລກ ເຊັ່ນ 0421 8830 1957.
admit-relay-busy = ເຊີບເວີຊິງບໍ່ຫວ່າງ ແລະ ຂໍໃຫ້ອຸປະກອນນີ້ລໍຖ້າ. ຈະລອງໃໝ່ໃນ { $seconds } ວິນາທີ; ວຽກຂອງທ່ານປອດໄພຢູ່ໃນອຸປະກອນນີ້.
admit-relay-quota = ພື້ນທີ່ຂອງທີມນີ້ຢູ່ເຊີບເວີຊິງເຕັມແລ້ວ. ວຽກຂອງທ່ານປອດໄພຢູ່ໃນອຸປະກອນນີ້; ແຈ້ງຜູ້ດູແລເຊີບເວີ. ຈະລອງຄັ້ງຕໍ່ໄປໃນ { $seconds } ວິນາທີ.
admit-invite-expires = ໃຊ້ໄດ້ { $hours } ຊົ່ວໂມງ, ສຳລັບອຸປະກອນດຽວ.
admit-join-fingerprint = ລາຍນິ້ວມືຂອງອຸປະກອນນີ້: { $fingerprint }. ຫົວໜ້າຂອງທ່ານຈະກວດວ່າເຫັນຕົວເລກດຽວກັນກ່ອນຮັບອຸປະກອນນີ້.
admit-waiting = ລໍຖ້າ: ອຸປະກອນ { $device }…, ລາຍນິ້ວມື { $fingerprint }
admit-waiting-expired = ລໍຖ້າ: ອຸປະກອນ { $device }…, ລາຍນິ້ວມື { $fingerprint } (ລະຫັດເຊີນຂອງມັນໝົດອາຍຸແລ້ວ: ຈະບໍ່ຖືກຮັບ)
admit-waiting-unknown = ລໍຖ້າ: ອຸປະກອນ { $device }…, ລາຍນິ້ວມື { $fingerprint } (ມັນບໍ່ມີລະຫັດເຊີນທີ່ເປີດຢູ່ຂອງທີມນີ້: ຈະບໍ່ຖືກຮັບ)
admit-fingerprint-none = ບໍ່ມີອຸປະກອນທີ່ລໍຖ້າຢູ່ສະແດງລາຍນິ້ວມື { $fingerprint }.
admit-confirm-yes-words = ແມ່ນ yes y
admit-confirm = ຮັບອຸປະກອນທີ່ສະແດງ { $fingerprint } ເທິງໜ້າຈໍຂອງມັນບໍ? ພິມ ແມ່ນ ສະເພາະເມື່ອຕົວເລກຄືກັນ:
admit-no-terminal = ບໍ່ໄດ້ຮັບໃຜ: ປຽບທຽບລາຍນິ້ວມືຂອງແຕ່ລະອຸປະກອນໃນ terminal, ຫຼື ລະບຸຕົວເລກທີ່ອຸປະກອນສະແດງດ້ວຍ --yes-fingerprint.
admit-nobody = ບໍ່ໄດ້ຮັບໃຜ.
admit-token-file = ອ່ານໄຟລ໌ໂທເຄັນຂອງຜູ້ດູແລບໍ່ໄດ້ ({ $reason }).
relay-token-short = ໂທເຄັນຂອງຜູ້ດູແລຕ້ອງມີຢ່າງໜ້ອຍ 16 ຕົວອັກສອນໃນແຖວທຳອິດຂອງໄຟລ໌.
relay-tls-bad = ໃຊ້ໃບຢັ້ງຢືນ ຫຼື ກະແຈຂອງເຊີບເວີບໍ່ໄດ້: { $reason }
relay-plain-refused = ປະຕິເສດການໃຫ້ບໍລິການ HTTP ທີ່ບໍ່ເຂົ້າລະຫັດຢູ່ { $address }: ອຸປະກອນຈະສົ່ງລະຫັດທີມ, ກະແຈ ແລະ ລາຍຊື່ສະມາຊິກໂດຍບໍ່ເຂົ້າລະຫັດໃຫ້ທຸກຄົນໃນເຄືອຂ່າຍ. ລະບຸ --tls-cert ແລະ --tls-key, ຫຼື ຟັງຢູ່ທີ່ຢູ່ loopback ເຊັ່ນ 127.0.0.1:8080.
relay-pin = ພິນກະແຈຂອງເຊີບເວີ (SHA-256 ຂອງກະແຈສາທາລະນະໃນໃບຢັ້ງຢືນ): { $pin } — ລາຍນິ້ວມື { $fingerprint }
relay-plain-loopback = ໃຫ້ບໍລິການ HTTP ທີ່ບໍ່ເຂົ້າລະຫັດຢູ່ loopback ເທົ່ານັ້ນ: ມີແຕ່ເຄື່ອງນີ້ທີ່ເຂົ້າເຖິງໄດ້. ລະບຸ --tls-cert ແລະ --tls-key ເພື່ອໃຫ້ບໍລິການອຸປະກອນໃນເຄືອຂ່າຍ.
relay-registration-closed = ປິດການສ້າງທີມ: ລະບຸ --operator-token-file FILE ຫຼື --open-registration ເພື່ອອະນຸຍາດ.
relay-registration-token = ສ້າງທີມໄດ້ສະເພາະອຸປະກອນທີ່ສົ່ງໂທເຄັນຂອງຜູ້ດູແລ.
relay-registration-open = ໃຜກໍສ້າງທີມໄດ້ (ເປີດລົງທະບຽນ, ບໍ່ເທົ່າໃດທີມຕໍ່ນາທີ).
syncview-admitted-device = ຮັບອຸປະກອນ { $fingerprint } ເຂົ້າແລ້ວ.
