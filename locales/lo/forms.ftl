## status: machine-drafted — needs review by a native speaker
# Messages of the questionnaire engine (crate `forms`) and of `fieldscreen form`.
# Technical tokens (column and sheet names, ${name}, file names) stay in Latin script.

## Expressions

forms-expr-empty = ສຳນວນຫວ່າງເປົ່າ.
forms-expr-unexpected = ພົບ “{ $found }” ທີ່ບໍ່ຄາດຄິດຢູ່ຕົວອັກສອນທີ { $pos }.
forms-expr-unexpected-end = ສຳນວນຈົບໄວເກີນໄປ (ຕົວອັກສອນທີ { $pos }).
forms-expr-unexpected-char = ຕົວອັກສອນ “{ $char }” ຢູ່ຕຳແໜ່ງ { $pos } ບໍ່ແມ່ນສ່ວນໜຶ່ງຂອງພາສາສຳນວນ.
forms-expr-expected = ຕ້ອງການ “{ $expected }” ຢູ່ຕົວອັກສອນທີ { $pos } ແຕ່ພົບ “{ $found }”.
forms-expr-unterminated-string = ຂໍ້ຄວາມທີ່ເລີ່ມຢູ່ຕົວອັກສອນທີ { $pos } ບໍ່ມີເຄື່ອງໝາຍວົງຢືມປິດ.
forms-expr-unterminated-reference = ການອ້າງອີງທີ່ເລີ່ມຢູ່ຕົວອັກສອນທີ { $pos } ບໍ່ມີ “{"}"}” ປິດ.
forms-expr-bad-reference = ຢູ່ຕົວອັກສອນທີ { $pos }: ໃຫ້ຂຽນການອ້າງອີງເປັນ ${"{"}name{"}"}.
forms-expr-bad-name = ຢູ່ຕົວອັກສອນທີ { $pos }: “{ $name }” ບໍ່ແມ່ນຊື່ຄຳຖາມທີ່ຖືກຕ້ອງ.
forms-expr-bad-number = ຕົວເລກຢູ່ຕົວອັກສອນທີ { $pos } ໃຫຍ່ເກີນໄປ.
forms-expr-bare-name = ຢູ່ຕົວອັກສອນທີ { $pos }: “{ $name }” ບໍ່ແມ່ນຟັງຊັນ; ຖ້າຕ້ອງການໃຊ້ຄຳຕອບຂອງຄຳຖາມ ໃຫ້ຂຽນ ${"{"}{ $name }{"}"}.
forms-expr-unknown-function = ຢູ່ຕົວອັກສອນທີ { $pos }: ບໍ່ຮອງຮັບຟັງຊັນ “{ $name }”.
forms-expr-arity = ຢູ່ຕົວອັກສອນທີ { $pos }: { $name }() ຮັບອາກິວເມັນ { $expected } ຕົວ, ບໍ່ແມ່ນ { $found } ຕົວ.
forms-expr-path-unsupported = ຢູ່ຕົວອັກສອນທີ { $pos }: ບໍ່ຮອງຮັບເສັ້ນທາງ XPath; ໃຫ້ອ້າງອີງຄຳຖາມເປັນ ${"{"}name{"}"}.
forms-expr-too-deep = ສຳນວນຊ້ອນກັນເລິກເກີນໄປ (ຢູ່ຕົວອັກສອນທີ { $pos }).

## Questionnaire definition

forms-folder-no-definition = ໂຟນເດີບໍ່ມີໄຟລ໌ questionnaire.toml.
forms-folder-bad-path = ບໍ່ອະນຸຍາດໃຫ້ມີຊື່ໄຟລ໌ນີ້ຢູ່ໃນໂຟນເດີແບບສອບຖາມ.
forms-not-utf8 = ໄຟລ໌ນີ້ບໍ່ແມ່ນຂໍ້ຄວາມ UTF-8.
forms-toml-invalid = ອ່ານຄຳນິຍາມຂອງແບບສອບຖາມບໍ່ໄດ້: { $detail }
forms-empty-field = “{ $field }” ຕ້ອງບໍ່ຫວ່າງ.
forms-default-language-missing = ບໍ່ມີໄຟລ໌ຄຳແປສຳລັບພາສາຫຼັກ “{ $lang }”.
forms-type-unsupported = ບໍ່ຮອງຮັບຄຳຖາມປະເພດ “{ $type }”.
forms-type-refused-location = ປະເພດ “{ $type }” ຈະເກັບທີ່ຕັ້ງຂອງຜູ້ໃຫ້ຂໍ້ມູນໄວ້ໃນອຸປະກອນ; FieldScreen ບັນທຶກພຽງແຂວງ, ບໍ່ເຄີຍບັນທຶກພິກັດ.
forms-type-refused-media = ປະເພດ “{ $type }” ຈະເກັບຮູບຖ່າຍ ຫຼື ວິດີໂອຂອງຜູ້ໃຫ້ຂໍ້ມູນໄວ້ໃນອຸປະກອນ; ຈຶ່ງຖືກປະຕິເສດເພື່ອປົກປ້ອງຜູ້ໃຫ້ຂໍ້ມູນ.
forms-type-refused-barcode = ປະເພດ “{ $type }” ສະແກນລະຫັດທີ່ອາດລະບຸຕົວບຸກຄົນໄດ້; ຈຶ່ງຖືກປະຕິເສດເພື່ອປົກປ້ອງຜູ້ໃຫ້ຂໍ້ມູນ.
forms-type-refused-device = ປະເພດ “{ $type }” ຈະເກັບລະຫັດປະຈຳໂທລະສັບຂອງຜູ້ໃຫ້ຂໍ້ມູນ; ຈຶ່ງຖືກປະຕິເສດເພື່ອປົກປ້ອງຜູ້ໃຫ້ຂໍ້ມູນ.
forms-select-no-list = “{ $type }” ຕ້ອງມີຊື່ຂອງລາຍການຕົວເລືອກ.
forms-name-missing = ຕ້ອງມີຊື່ຢູ່ບ່ອນນີ້.
forms-name-invalid = “{ $name }” ບໍ່ແມ່ນຊື່ທີ່ຖືກຕ້ອງ: ໃຫ້ໃຊ້ຕົວອັກສອນ, ຕົວເລກ ແລະ _ ໂດຍເລີ່ມດ້ວຍຕົວອັກສອນ.
forms-name-duplicate = ຊື່ “{ $name }” ຖືກໃຊ້ຫຼາຍກວ່າໜຶ່ງຄັ້ງ.
forms-end-mismatch = ຈຸດສິ້ນສຸດນີ້ບໍ່ກົງກັບກຸ່ມ ຫຼື ພາກສ່ວນຊ້ຳ “{ $name }” ທີ່ເປີດຢູ່.
forms-end-unmatched = ຈຸດສິ້ນສຸດນີ້ບໍ່ມີຈຸດເລີ່ມຕົ້ນທີ່ກົງກັນ.
forms-begin-unclosed = ກຸ່ມ ຫຼື ພາກສ່ວນຊ້ຳ “{ $name }” ບໍ່ເຄີຍຖືກປິດ.
forms-list-missing = ລາຍການຕົວເລືອກ “{ $list }” ບໍ່ມີ ຫຼື ຫວ່າງເປົ່າ.
forms-calculation-missing = ຄຳຖາມປະເພດ calculate ຕ້ອງມີສູດຄຳນວນ (calculation).
forms-field-not-allowed = ບໍ່ອະນຸຍາດໃຫ້ໃຊ້ “{ $field }” ໃນແຖວນີ້.
forms-choice-duplicate = ຕົວເລືອກ “{ $name }” ປາກົດສອງຄັ້ງໃນລາຍການ “{ $list }”. ຊື່ຕົວເລືອກໃນລາຍການດຽວກັນຕ້ອງບໍ່ຊ້ຳກັນ; ຖ້າຕັ້ງໃຈ (ຊື່ດຽວກັນທີ່ແຍກກັນດ້ວຍ choice_filter) ໃຫ້ເພີ່ມການຕັ້ງຄ່າ allow_choice_duplicates = yes.
forms-ref-unknown = ບໍ່ມີຄຳຖາມຊື່ “{ $name }”.
forms-dimension-unknown = ບໍ່ມີມິຕິຊື່ “{ $name }”.
forms-regex-invalid = ຮູບແບບຂໍ້ຄວາມ “{ $pattern }” ບໍ່ຖືກຕ້ອງ.

## Translation files

forms-ftl-syntax = ໄວຍາກອນຂອງໄຟລ໌ຄຳແປຜິດພາດ: { $detail }
forms-ftl-unsupported = ຄຳແປ “{ $id }” ໃຊ້ຄຸນສົມບັດຂອງ Fluent ທີ່ແບບສອບຖາມບໍ່ຮອງຮັບ.
forms-ftl-duplicate = ຄຳແປ “{ $id }” ຖືກກຳນົດສອງຄັ້ງ.
forms-ftl-unknown-id = ຄຳແປ “{ $id }” ບໍ່ເປັນຂອງຄຳຖາມ, ຕົວເລືອກ ຫຼື ລາຍການໃຫ້ຄະແນນໃດເລີຍ.
forms-ftl-id-collision = ຊື່ { $a } ແລະ { $b } ແປເປັນ “{ $id }” ຄືກັນ; ກະລຸນາປ່ຽນຊື່ອັນໃດອັນໜຶ່ງ.

## Answers

forms-answer-not-integer = “{ $value }” ບໍ່ແມ່ນຈຳນວນເຕັມ.
forms-answer-not-decimal = “{ $value }” ບໍ່ແມ່ນຕົວເລກ.
forms-answer-not-date = “{ $value }” ບໍ່ແມ່ນວັນທີ (YYYY-MM-DD).
forms-answer-not-time = “{ $value }” ບໍ່ແມ່ນເວລາ (HH:MM).
forms-answer-not-datetime = “{ $value }” ບໍ່ແມ່ນວັນທີ ແລະ ເວລາ.
forms-answer-not-a-choice = “{ $value }” ບໍ່ແມ່ນໜຶ່ງໃນຕົວເລືອກ.
forms-answer-not-ok = ການຮັບຊາບຕ້ອງຕອບດ້ວຍ OK.
forms-answer-dont-know-not-allowed = ຄຳຖາມນີ້ບໍ່ອະນຸຍາດໃຫ້ຕອບວ່າ “ບໍ່ຮູ້”.
forms-answer-prefer-not-not-allowed = ຄຳຖາມນີ້ບໍ່ອະນຸຍາດໃຫ້ຕອບວ່າ “ບໍ່ປະສົງຕອບ”.
forms-constraint-failed = ບໍ່ຮັບຄຳຕອບນີ້ ({ $constraint }).

## XLSForm import

forms-xlsform-unreadable = ບໍ່ສາມາດອ່ານໄຟລ໌ນີ້ເປັນສະເປຣດຊີດ (.xlsx, .xls ຫຼື .ods) ໄດ້: { $detail }
forms-xlsform-too-large = ໄຟລ໌ໃຫຍ່ກວ່າ { $max } MB.
forms-xlsform-cell-error = ສະເປຣດຊີດມີຄ່າຜິດພາດຢູ່ຕາລາງ { $cell }.
forms-xlsform-no-survey = ສະເປຣດຊີດບໍ່ມີຊີດ “survey”.
forms-xlsform-no-type-column = ຊີດ survey ບໍ່ມີຖັນ “type”.
forms-xlsform-type-missing = ແຖວນີ້ມີຂໍ້ມູນ ແຕ່ບໍ່ມີ type.
forms-xlsform-column-ignored = FieldScreen ບໍ່ໃຊ້ຖັນ “{ $column }”; ມັນຖືກຂ້າມໄປ.
forms-xlsform-column-blank = ຕາລາງນີ້ຢູ່ໃນຖັນທີ່ບໍ່ມີຫົວຖັນ; ຖັນນີ້ຖືກຂ້າມໄປ.
forms-xlsform-column-refused-media = ຖັນ “{ $column }” ແນບວິດີໂອ ຫຼື ຮູບພາບຂະໜາດໃຫຍ່; ຮອງຮັບສະເພາະສື່ audio ແລະ image.
forms-xlsform-parameters-refused-location = ພາລາມິເຕີ “{ $parameters }” ຈະບັນທຶກທີ່ຕັ້ງຂອງອຸປະກອນໃນລະຫວ່າງການສຳພາດ; FieldScreen ບັນທຶກພຽງແຂວງ, ບໍ່ເຄີຍບັນທຶກພິກັດ.
forms-xlsform-read-only-dynamic = read_only ຕ້ອງເປັນ yes ຫຼື no.
forms-xlsform-interviewer-only-value = interviewer_only ຕ້ອງເປັນ yes ຫຼື no.
forms-xlsform-self-administered-value = self_administered ຕ້ອງເປັນ yes ຫຼື no.
forms-xlsform-choices-header = ຊີດ choices ຕ້ອງມີຖັນ “list_name” ແລະ “name”.
forms-xlsform-choice-incomplete = ຕົວເລືອກນີ້ຕ້ອງມີທັງ list_name ແລະ name.
forms-xlsform-choice-row-ignored = ແຖວນີ້ຂອງຊີດ choices ບໍ່ມີ list_name ແລະ name; ມັນຖືກຂ້າມໄປ.
forms-xlsform-sheet-unsupported = ບໍ່ຮອງຮັບຊີດ “{ $sheet }” (ຕົວເລືອກຈາກໄຟລ໌ພາຍນອກ).
forms-xlsform-setting-ignored = FieldScreen ບໍ່ໃຊ້ການຕັ້ງຄ່າ “{ $setting }” (ສຳລັບເຊີບເວີ ຫຼື ແອັບອື່ນ); ມັນຖືກຂ້າມໄປ.
forms-xlsform-sheet-as-survey = ຊີດດຽວທີ່ມີ “{ $sheet }” ຖືກອ່ານເປັນ survey.
forms-xlsform-note-named = note ນີ້ບໍ່ມີຊື່; ມັນຖືກຕັ້ງຊື່ວ່າ “{ $name }”.
forms-xlsform-row-disabled = ແຖວນີ້ຖືກໝາຍວ່າ disabled; ມັນຖືກປະໄວ້.
forms-xlsform-loop-refused = ບໍ່ຮອງຮັບ “{ $type }”: loop ໃຊ້ຊື່ຄຳຖາມເດີມຊ້ຳໜຶ່ງຄັ້ງຕໍ່ຕົວເລືອກ, ແຕ່ໃນ FieldScreen ທຸກຊື່ຕ້ອງບໍ່ຊ້ຳກັນ. ໃຫ້ຂຽນກຸ່ມໜຶ່ງຕໍ່ຕົວເລືອກໜຶ່ງແທນ, ແຕ່ລະກຸ່ມມີຊື່ຂອງຕົນເອງ (ຕົວຢ່າງ car_total ແລະ boat_total), ຫຼື ໃຊ້ begin repeat.

## fieldscreen form

forms-cli-io-error = ອ່ານ ຫຼື ຂຽນບໍ່ໄດ້: { $detail }
forms-cli-too-many-files = ໂຟນເດີມີໄຟລ໌ຫຼາຍກວ່າ { $max } ໄຟລ໌.
forms-cli-imported = ຂຽນ { $count } ໄຟລ໌ໄປທີ່ { $dir } ແລ້ວ.
forms-cli-show-header = ລະຫັດ { $id } · ລຸ້ນ { $version } · ພາສາ { $languages }
    ແຮຊ { $hash }
forms-cli-show-relevant = ສະແດງເມື່ອ: { $expr }
forms-cli-show-required-when = ຕ້ອງຕອບເມື່ອ: { $expr }
forms-cli-show-constraint = ຮັບເມື່ອ: { $expr }
forms-cli-show-calculation = ຄຳນວນຈາກ: { $expr }
forms-cli-show-group = ກຸ່ມ
forms-cli-show-repeat = ພາກສ່ວນຊ້ຳ
forms-cli-show-repeat-count = ພາກສ່ວນຊ້ຳ × { $expr }
forms-cli-json-error = ຂຽນ JSON ບໍ່ໄດ້: { $detail }
forms-cli-warning = ຄຳເຕືອນ: { $message }
forms-questionnaire-missing = ອຸປະກອນນີ້ບໍ່ມີແບບສອບຖາມທີ່ໃຊ້ເລີ່ມບັນທຶກນີ້. ກະລຸນາອັບເດດແອັບ ຫຼື ເປີດບັນທຶກນີ້ໃນອຸປະກອນທີ່ສ້າງມັນ.
forms-questionnaire-waiting = ກຳລັງລໍຖ້າແບບສອບຖາມຈາກທີມ. ບັນທຶກນີ້ເລີ່ມດ້ວຍແບບສອບຖາມທີ່ຍັງບໍ່ທັນມາຮອດອຸປະກອນນີ້; ມັນຈະເປີດໄດ້ຫຼັງຈາກການຊິງຄັ້ງຕໍ່ໄປ.

## Audio and image prompts
forms-media-bad-name = “{ $file }” ບໍ່ແມ່ນຊື່ໄຟລ໌ທຳມະດາ. ກະລຸນາລະບຸຊື່ໄຟລ໌ໃນໂຟນເດີສື່ຂອງແບບສອບຖາມ ໂດຍບໍ່ມີຊື່ໂຟນເດີ ຫຼື ຕົວແປ.
forms-media-missing = ບໍ່ພົບໄຟລ໌ “{ $file }” ໃນໂຟນເດີ “{ $folder }” ຂອງແບບສອບຖາມ.
forms-media-unreadable = “{ $file }” ບໍ່ແມ່ນໄຟລ໌{ $kind ->
        [audio] ສຽງ
       *[image] ຮູບພາບ
    }ທີ່ແອັບເປີດໄດ້ (ແອັບຮູ້ຈັກສຽງ Ogg, MP3, WAV, M4A, WebM ແລະ ຮູບພາບ PNG, JPEG).
