## status: machine-drafted — needs review by a native speaker

## Hand-over by file (USB stick, SD card): the sync screen's part and the file dialog.

bundle-title = ສົ່ງຕໍ່ດ້ວຍໄຟລ໌
bundle-intro = ບໍ່ມີເຄືອຂ່າຍບໍ? ບັນທຶກຂໍ້ມູນຂອງອຸປະກອນນີ້ລົງໄຟລ໌ໃນ USB ຫຼື ບັດ SD ແລ້ວເປີດມັນໃນອຸປະກອນອື່ນຂອງທີມທ່ານ. ມີແຕ່ອຸປະກອນຂອງທີມທ່ານເທົ່ານັ້ນທີ່ອ່ານໄຟລ໌ນີ້ໄດ້.
bundle-save = ບັນທຶກລົງໄຟລ໌
bundle-open = ເປີດໄຟລ໌ຈາກອຸປະກອນອື່ນ
bundle-working = ກຳລັງດຳເນີນການ…
bundle-save-title = ບັນທຶກຂໍ້ມູນຂອງທີມລົງໄຟລ໌
bundle-open-title = ເປີດໄຟລ໌ຈາກອຸປະກອນຂອງທີມທ່ານ
bundle-filter = ໄຟລ໌ທີມ FieldScreen
bundle-saved =
    { $count ->
        [0] ບໍ່ມີຂໍ້ມູນໃຫ້ບັນທຶກ.
       *[other] ບັນທຶກຂໍ້ມູນ { $count } ລາຍການລົງໄຟລ໌ແລ້ວ.
    }
bundle-merged =
    { $count ->
        [0] ໄຟລ໌ນີ້ບໍ່ມີຂໍ້ມູນ.
       *[other] ລວມຂໍ້ມູນ { $count } ລາຍການຈາກໄຟລ໌ແລ້ວ.
    }
bundle-set-aside =
    { $count ->
       *[other] ແຍກຂໍ້ມູນ { $count } ລາຍການໄວ້: ບໍ່ໄດ້ມາຈາກອຸປະກອນຂອງທີມທ່ານ ຫຼື ເສຍຫາຍ.
    }
