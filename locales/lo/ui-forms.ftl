## status: machine-drafted — needs review by a native speaker

## The team's questionnaires (sync screen).

teamforms-title = ແບບສອບຖາມຂອງທີມ
teamforms-intro = ແບບສອບຖາມທີ່ເຜີຍແຜ່ຢູ່ນີ້ຈະໄປຮອດທຸກອຸປະກອນຂອງທີມເມື່ອຊິງຄັ້ງຕໍ່ໄປ. ແຕ່ລະບັນທຶກໃຊ້ສະບັບທີ່ມັນເລີ່ມຕົ້ນ; ການສຳພາດໃໝ່ໃຊ້ສະບັບລ່າສຸດ.
teamforms-empty = ທີມຍັງບໍ່ໄດ້ເຜີຍແຜ່ແບບສອບຖາມໃດເທື່ອ.
teamforms-publish = ເຜີຍແຜ່ແບບສອບຖາມ…
teamforms-withdraw = ຖອນ
teamforms-version = ສະບັບ
