## status: machine-drafted — needs review by a native speaker

## Sync with a nearby device (local network, no internet): the sync screen's panel.

nearby-title = ຊິງກັບອຸປະກອນທີ່ຢູ່ໃກ້
nearby-intro = ບໍ່ມີອິນເຕີເນັດບໍ? ອຸປະກອນສອງເຄື່ອງໃນທີມຂອງທ່ານທີ່ໃຊ້ Wi-Fi ຫຼື Wi-Fi ຈາກໂທລະສັບ ດຽວກັນສາມາດຊິງກັນໄດ້ໂດຍກົງ. ເຄື່ອງໜຶ່ງລໍຖ້າ ແລະ ສະແດງທີ່ຢູ່ຂອງມັນ; ອີກເຄື່ອງພິມທີ່ຢູ່ນັ້ນ.
nearby-wait = ລໍຖ້າອຸປະກອນທີ່ຢູ່ໃກ້
nearby-stop = ຢຸດລໍຖ້າ
nearby-address-label = ທີ່ຢູ່ຂອງອຸປະກອນອີກເຄື່ອງ
nearby-address-hint = ຕາມທີ່ອຸປະກອນອີກເຄື່ອງສະແດງ, ຕົວຢ່າງ 192.168.1.5:47615
nearby-connect = ເຊື່ອມຕໍ່ ແລະ ຊິງ
nearby-addresses-label = ຢູ່ອຸປະກອນອີກເຄື່ອງ, ໃຫ້ພິມທີ່ຢູ່ໃດໜຶ່ງຕໍ່ໄປນີ້:
nearby-state-idle = ຍັງບໍ່ໄດ້ເຊື່ອມຕໍ່ກັບອຸປະກອນທີ່ຢູ່ໃກ້.
nearby-state-unavailable = ກະລຸນາເຂົ້າຮ່ວມທີມກ່ອນ: ສະເພາະອຸປະກອນໃນທີມດຽວກັນເທົ່ານັ້ນທີ່ຊິງກັນໄດ້.
nearby-state-waiting = ກຳລັງລໍຖ້າອຸປະກອນອີກເຄື່ອງ. ກະລຸນາເປີດໜ້າຈໍນີ້ໄວ້.
nearby-state-no-network = ກຳລັງລໍຖ້າ, ແຕ່ອຸປະກອນນີ້ບໍ່ໄດ້ເຊື່ອມຕໍ່ເຄືອຂ່າຍໃດເລີຍ. ກະລຸນາເຊື່ອມຕໍ່ Wi-Fi ຫຼື Wi-Fi ຈາກໂທລະສັບ ດຽວກັນກັບອຸປະກອນອີກເຄື່ອງ.
nearby-state-syncing = ກຳລັງຊິງກັບອຸປະກອນທີ່ຢູ່ໃກ້…
nearby-state-done = ຊິງກັບອຸປະກອນທີ່ຢູ່ໃກ້ແລ້ວ.
nearby-state-failed = ການຊິງກັບອຸປະກອນທີ່ຢູ່ໃກ້ບໍ່ສຳເລັດ. ວຽກຂອງທ່ານຍັງປອດໄພຢູ່ໃນອຸປະກອນນີ້.
nearby-nobody-came = ບໍ່ມີອຸປະກອນໃດເຊື່ອມຕໍ່ເຂົ້າມາທັນເວລາ. ກະລຸນາລໍຖ້າອີກຄັ້ງເມື່ອອຸປະກອນອີກເຄື່ອງພ້ອມ.
nearby-synced =
    { $count ->
        [0] ຊິງກັບອຸປະກອນ { $device } ແລ້ວ: ທັງສອງເຄື່ອງມີຂໍ້ມູນຄືກັນຢູ່ແລ້ວ.
       *[other] ຊິງກັບອຸປະກອນ { $device } ແລ້ວ: ປັບຂໍ້ມູນ { $count } ລາຍການໃຫ້ເປັນປັດຈຸບັນ.
    }
nearby-progress =
    { $count ->
       *[other] ໄດ້ຮັບການປ່ຽນແປງ { $count } ລາຍການ
    }
