## status: machine-drafted — needs review by a native speaker

language-name = ລາວ
app-name = FieldScreen
app-tagline = ການກວດກາແຮງງານ ແລະ ການຄັດກອງຜູ້ເຄາະຮ້າຍ — ໃຊ້ແບບອອບໄລນ໌, ເຂົ້າລະຫັດ, ເປັນພາສາຂອງທ່ານ
skip-to-content = ຂ້າມໄປຫາເນື້ອຫາຫຼັກ
language-switcher-label = ພາສາ
home-title = ຍິນດີຕ້ອນຮັບ
home-intro = ທຸກສິ່ງທີ່ທ່ານບັນທຶກຈະຖືກເຂົ້າລະຫັດໄວ້ໃນອຸປະກອນນີ້. ມັນຈະແບ່ງປັນສະເພາະກັບອຸປະກອນຂອງທີມທ່ານເທົ່ານັ້ນ, ບໍ່ເຄີຍຢູ່ໃນຮູບແບບທີ່ອ່ານໄດ້.
translation-draft-notice = ການແປນີ້ຮ່າງໂດຍເຄື່ອງ ແລະ ກຳລັງລໍຖ້າການກວດທານຈາກເຈົ້າຂອງພາສາ.
