## status: machine-drafted — needs review by a native speaker

message-missing = (ບໍ່ມີຂໍ້ຄວາມ)
app-version = ເວີຊັນ { $version }
error-unexpected = ມີບາງຢ່າງຜິດພາດ. ສິ່ງທີ່ທ່ານປ້ອນບໍ່ໄດ້ເສຍໄປ.
error-unknown-language = ບໍ່ມີພາສານີ້: { $code }
error-data-folder = ແອັບບໍ່ສາມາດໃຊ້ໂຟນເດີຂໍ້ມູນຂອງມັນໄດ້ ({ $path }): { $reason }
error-settings-save = ບໍ່ສາມາດບັນທຶກການຕັ້ງຄ່າຂອງທ່ານໄດ້: { $reason }
