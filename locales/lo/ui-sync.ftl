## status: machine-drafted — needs review by a native speaker

## Sync and team screens: strings the UI shows and the status the core formats.

syncview-title = ຊິງຂໍ້ມູນ ແລະ ທີມ
syncview-state-no-team = ອຸປະກອນນີ້ຍັງບໍ່ຢູ່ໃນທີມ. ວຽກຂອງທ່ານຢູ່ໃນອຸປະກອນນີ້ເທົ່ານັ້ນ.
syncview-state-locked = ຢຸດການຊິງຊົ່ວຄາວ ໃນຂະນະທີ່ບ່ອນເກັບຂໍ້ມູນຖືກລັອກ.
syncview-state-joining = ກຳລັງລໍຖ້າຫົວໜ້າທີມອະນຸມັດອຸປະກອນນີ້.
syncview-state-running = ກຳລັງຊິງ…
syncview-state-up-to-date = ຂໍ້ມູນເປັນປັດຈຸບັນແລ້ວ.
syncview-state-pending = ມີການປ່ຽນແປງລໍຖ້າສົ່ງ.
syncview-state-offline = ອອບລາຍ: ຕິດຕໍ່ເຊີບເວີຊິງບໍ່ໄດ້. ວຽກຂອງທ່ານປອດໄພຢູ່ໃນອຸປະກອນນີ້.
syncview-state-refused = ຕອນນີ້ເຊີບເວີຊິງປະຕິເສດການຊິງ.
syncview-state-removed = ອຸປະກອນນີ້ຖືກເອົາອອກຈາກທີມແລ້ວ. ມັນຈະບໍ່ສົ່ງ ຫຼື ຮັບວຽກຂອງທີມອີກ.
syncview-state-failed = ການຊິງບໍ່ສຳເລັດ.
syncview-never = ຍັງບໍ່ເຄີຍຊິງ.
syncview-last = ຊິງລ່າສຸດ { $date } ເວລາ { $time }
syncview-pending =
    { $count ->
        [0] ບໍ່ມີຫຍັງລໍຖ້າສົ່ງ.
       *[other] ມີ { $count } ລາຍການລໍຖ້າສົ່ງ.
    }
syncview-retry-in =
    { $count ->
       *[other] ຈະລອງໃໝ່ໃນອີກ { $count } ວິນາທີ.
    }
syncview-progress-push = ກຳລັງສົ່ງ { $done } ຈາກ { $total }
syncview-progress-pull =
    { $count ->
       *[other] ໄດ້ຮັບ { $count } ການປ່ຽນແປງ
    }
syncview-name-required = ກະລຸນາຕັ້ງຊື່ທີມ.
syncview-now = ຊິງດຽວນີ້
syncview-progress = ຄວາມຄືບໜ້າຂອງການຊິງ
syncview-create-title = ສ້າງທີມ
syncview-create-help = ອຸປະກອນນີ້ຈະເປັນຫົວໜ້າທີມ: ເຊີນ, ອະນຸມັດ ແລະ ເອົາອຸປະກອນອອກ.
syncview-relay-label = ທີ່ຢູ່ເຊີບເວີຊິງ
syncview-name-label = ຊື່ທີມ
syncview-create-button = ສ້າງທີມ
syncview-join-title = ເຂົ້າຮ່ວມທີມ
syncview-join-help = ພິມລະຫັດເຊີນທີ່ສະແດງຢູ່ໃນອຸປະກອນຂອງຫົວໜ້າທີມ.
syncview-code-label = ລະຫັດເຊີນ
syncview-join-button = ເຂົ້າຮ່ວມ
syncview-team-title = ທີມ
syncview-this-device = ອຸປະກອນນີ້
syncview-supervisor = ຫົວໜ້າທີມ
syncview-invite-button = ເຊີນອຸປະກອນ
syncview-invite-help = ສະແກນລະຫັດນີ້ໃນອຸປະກອນໃໝ່ ຫຼື ພິມລະຫັດຂ້າງລຸ່ມ. ໃຊ້ໄດ້ຄັ້ງດຽວ.
syncview-invite-qr =
    .alt = ລະຫັດ QR ຂອງການເຊີນ
syncview-members-title = ສະມາຊິກ
syncview-remove-button = ເອົາອອກ
syncview-remove-confirm = ເອົາອຸປະກອນນີ້ອອກຈາກທີມບໍ? ກະແຈຂອງທີມຈະຖືກປ່ຽນ: ອຸປະກອນນີ້ຈະອ່ານສິ່ງທີ່ຂຽນຫຼັງຈາກນີ້ບໍ່ໄດ້.
syncview-remove-yes = ແມ່ນ, ເອົາອອກ
syncview-cancel = ຍົກເລີກ
syncview-state-warning = ການຊິງຕ້ອງການການກວດສອບ.
syncview-relay-key = ກະແຈເຊີບເວີຊິງ
syncview-relay-pin-label = ພິນ ກະແຈເຊີບເວີຊິງ (ເລກຖານສິບຫົກ 64 ຕົວ; ສະເພາະເຊີບເວີທີ່ມີໃບຢັ້ງຢືນຂອງຕົນເອງ)
