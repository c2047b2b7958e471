## status: machine-drafted — needs review by a native speaker
# ໜ້າຊິງ: ຮັບອຸປະກອນຫຼັງຈາກປຽບທຽບລາຍນິ້ວມື ແລະ ໂທເຄັນຂອງຜູ້ດູແລ

syncview-operator-token-label = ໂທເຄັນຂອງຜູ້ດູແລ (ສະເພາະເມື່ອເຊີບເວີຊິງຂໍ)
syncview-waiting-title = ອຸປະກອນທີ່ລໍຖ້າເຂົ້າທີມ
syncview-waiting-check = ກວດຫາອຸປະກອນທີ່ລໍຖ້າ
syncview-waiting-none = ບໍ່ມີອຸປະກອນລໍຖ້າ.
syncview-fingerprint-label = ລາຍນິ້ວມື
syncview-admit-one = ຮັບເຂົ້າ
syncview-admit-confirm = ອຸປະກອນໃໝ່ສະແດງຕົວເລກເຫຼົ່ານີ້ຄືກັນທຸກຕົວເທິງໜ້າຈໍບໍ? ຮັບເຂົ້າສະເພາະເມື່ອຄືກັນເທົ່ານັ້ນ.
syncview-admit-yes = ແມ່ນ, ຄືກັນ: ຮັບເຂົ້າ
syncview-joining-fingerprint = ລາຍນິ້ວມືຂອງອຸປະກອນນີ້. ສະແດງໃຫ້ຫົວໜ້າຂອງທ່ານເບິ່ງ, ຜູ້ທີ່ຈະຮັບອຸປະກອນນີ້ສະເພາະເມື່ອຕົວເລກຄືກັນ:
