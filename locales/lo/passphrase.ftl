## status: machine-drafted — needs review by a native speaker
# ກົດຂອງລະຫັດຜ່ານ ແລະ ເຄື່ອງວັດຄວາມແຂງແຮງ (crate `app`)

passphrase-too-short = ລະຫັດຜ່ານຕ້ອງມີຢ່າງໜ້ອຍ { $min } ຕົວອັກສອນ. ຄຳສຸ່ມຫ້າຄຳແມ່ນທາງເລືອກທີ່ດີ.
passphrase-too-weak = ລະຫັດຜ່ານນີ້ເດົາງ່າຍເກີນໄປ. { $reason } ຜູ້ທີ່ມີສຳເນົາໄຟລ໌ຂອງອຸປະກອນນີ້ ແລະ ຫົວໜ່ວຍປະມວນຜົນ { $cores } ຄໍທີ່ໄວເທົ່າອຸປະກອນນີ້ ສາມາດຊອກພົບໄດ້ໃນ { $time }. ກະລຸນາເລືອກລະຫັດຜ່ານທີ່ຕ້ອງໃຊ້ເວລາຢ່າງໜ້ອຍ { $years } ປີ, ເຊັ່ນ ຄຳສຸ່ມຫ້າຄຳ.
passphrase-strong = ຜູ້ທີ່ມີສຳເນົາໄຟລ໌ຂອງອຸປະກອນນີ້ ແລະ ຫົວໜ່ວຍປະມວນຜົນ { $cores } ຄໍທີ່ໄວເທົ່າອຸປະກອນນີ້ ຈະຕ້ອງໃຊ້ເວລາ { $time } ເພື່ອເດົາລະຫັດຜ່ານນີ້.
passphrase-reason-keyboard = ແຖວ ແລະ ຮູບແບບຂອງແປ້ນພິມແມ່ນສິ່ງທຳອິດທີ່ຖືກລອງ.
passphrase-reason-repeats = ຕົວອັກສອນ ຫຼື ຄຳທີ່ຊ້ຳກັນຊ່ວຍໄດ້ໜ້ອຍ.
passphrase-reason-common = ມັນແມ່ນໜຶ່ງໃນລະຫັດຜ່ານທີ່ໃຊ້ກັນຫຼາຍທີ່ສຸດ.
passphrase-reason-similar = ມັນຄ້າຍກັບລະຫັດຜ່ານທີ່ໃຊ້ກັນທົ່ວໄປ.
passphrase-reason-sequence = ລຳດັບເຊັ່ນ ກຂຄ ຫຼື 1234 ຖືກລອງກ່ອນ.
passphrase-reason-dates = ວັນທີ ແລະ ປີຖືກລອງກ່ອນ.
passphrase-reason-word = ຄຳດຽວຖືກລອງກ່ອນ.
passphrase-reason-names = ຊື່ຄົນຖືກລອງກ່ອນ.
passphrase-reason-script = FieldScreen ບໍ່ສາມາດຮູ້ຈັກຄຳໃນຕົວອັກສອນນີ້ ຈຶ່ງນັບແຕ່ລະຕົວອັກສອນວ່າມີຄ່າໜ້ອຍ: ກະລຸນາໃຊ້ປະໂຫຍກທີ່ຍາວກວ່າຈາກຄຳທີ່ບໍ່ກ່ຽວຂ້ອງກັນ.
passphrase-reason-guessable = ມັນມີຮູບແບບທີ່ໂປຣແກຣມເດົາລອງກ່ອນ.
passphrase-time-instant = ໜ້ອຍກວ່າໜຶ່ງວິນາທີ
passphrase-time-seconds = ປະມານ { $n } ວິນາທີ
passphrase-time-minutes = ປະມານ { $n } ນາທີ
passphrase-time-hours = ປະມານ { $n } ຊົ່ວໂມງ
passphrase-time-days = ປະມານ { $n } ມື້
passphrase-time-years = ປະມານ { $n } ປີ
passphrase-time-forever = ຫຼາຍກວ່າໜຶ່ງລ້ານປີ
