## status: machine-drafted — needs review by a native speaker

interview-progress = ໝວດທີ { $step } ຈາກ { $steps } · ຕອບແລ້ວ { $answered } ຄຳຖາມ
interview-dont-know = ບໍ່ຮູ້
interview-prefer-not = ບໍ່ຢາກຕອບ
interview-required = ຕ້ອງມີຄຳຕອບກ່ອນຈຶ່ງໄປຕໍ່ໄດ້.
interview-not-accepted = ບໍ່ຮັບຄຳຕອບນີ້: { $detail }
interview-no-answer = (ບໍ່ມີຄຳຕອບ)
interview-consent-declined = ບໍ່ຍິນຍອມ. ບໍ່ມີການບັນທຶກຫຍັງນອກຈາກນີ້.
interview-strength-strong = ຕົວຊີ້ວັດທີ່ໜັກແໜ້ນ
interview-strength-medium = ຕົວຊີ້ວັດລະດັບກາງ
interview-strength-weak = ຕົວຊີ້ວັດທີ່ອ່ອນ
interview-child-present = ບຸກຄົນນີ້ອາດມີອາຍຸຕ່ຳກວ່າ 18 ປີ: ໃຊ້ເສັ້ນທາງເດັກ (ການຄ້າມະນຸດບໍ່ຕ້ອງມີວິທີການ).
interview-child-absent = ບຸກຄົນນີ້ມີອາຍຸ 18 ປີຂຶ້ນໄປ.
interview-child-declined = ບໍ່ໄດ້ບອກອາຍຸ: ຖ້າສົງໄສ ໃຫ້ຖືວ່າອາດມີອາຍຸຕ່ຳກວ່າ 18 ປີ.
interview-child-not_asked = ບໍ່ໄດ້ຖາມອາຍຸ.
interview-review-share = ຂໍ້ຄວາມໃນໜ້ານີ້ { $total } ລາຍການ ໄດ້ຮັບການກວດທານໂດຍຄົນແລ້ວ { $reviewed } ລາຍການ, ທີ່ເຫຼືອແມ່ນການແປໂດຍເຄື່ອງ.
