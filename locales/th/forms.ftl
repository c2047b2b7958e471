## status: machine-drafted — needs review by a native speaker
# Messages of the questionnaire engine (crate `forms`) and of `fieldscreen form`.
# Technical tokens (column and sheet names, ${name}, file names) stay in Latin script.

## Expressions

forms-expr-empty = นิพจน์ว่างเปล่า
forms-expr-unexpected = พบ “{ $found }” โดยไม่คาดคิดที่ตำแหน่งอักขระ { $pos }
forms-expr-unexpected-end = นิพจน์จบเร็วเกินไป (อักขระ { $pos })
forms-expr-unexpected-char = อักขระ “{ $char }” ที่ตำแหน่ง { $pos } ไม่ใช่ส่วนหนึ่งของภาษานิพจน์
forms-expr-expected = ต้องการ “{ $expected }” ที่ตำแหน่งอักขระ { $pos } แต่พบ “{ $found }”
forms-expr-unterminated-string = ข้อความที่เริ่มที่อักขระ { $pos } ไม่มีเครื่องหมายคำพูดปิด
forms-expr-unterminated-reference = การอ้างอิงที่เริ่มที่อักขระ { $pos } ไม่มี “{"}"}” ปิด
forms-expr-bad-reference = ที่อักขระ { $pos }: เขียนการอ้างอิงเป็น ${"{"}name{"}"}
forms-expr-bad-name = ที่อักขระ { $pos }: “{ $name }” ไม่ใช่ชื่อคำถามที่ถูกต้อง
forms-expr-bad-number = ตัวเลขที่อักขระ { $pos } ใหญ่เกินไป
forms-expr-bare-name = ที่อักขระ { $pos }: “{ $name }” ไม่ใช่ฟังก์ชัน หากต้องการใช้คำตอบของคำถามให้เขียน ${"{"}{ $name }{"}"}
forms-expr-unknown-function = ที่อักขระ { $pos }: ไม่รองรับฟังก์ชัน “{ $name }”
forms-expr-arity = ที่อักขระ { $pos }: { $name }() รับอาร์กิวเมนต์ { $expected } ตัว ไม่ใช่ { $found }
forms-expr-path-unsupported = ที่อักขระ { $pos }: ไม่รองรับเส้นทาง XPath ให้อ้างอิงคำถามเป็น ${"{"}name{"}"}
forms-expr-too-deep = นิพจน์ซ้อนกันลึกเกินไป (ที่อักขระ { $pos })

## Questionnaire definition

forms-folder-no-definition = โฟลเดอร์ไม่มีไฟล์ questionnaire.toml
forms-folder-bad-path = ไม่อนุญาตให้มีชื่อไฟล์นี้ในโฟลเดอร์แบบสอบถาม
forms-not-utf8 = ไฟล์นี้ไม่ใช่ข้อความ UTF-8
forms-toml-invalid = อ่านคำนิยามไม่ได้: { $detail }
forms-empty-field = “{ $field }” ต้องไม่ว่าง
forms-default-language-missing = ไม่มีไฟล์คำแปลสำหรับภาษาหลัก “{ $lang }”
forms-type-unsupported = ไม่รองรับคำถามประเภท “{ $type }”
forms-type-refused-location = ประเภท “{ $type }” จะเก็บตำแหน่งของผู้ให้ข้อมูลไว้ในเครื่อง FieldScreen บันทึกเพียงจังหวัด ไม่บันทึกพิกัด
forms-type-refused-media = ประเภท “{ $type }” จะเก็บภาพถ่ายหรือวิดีโอของผู้ให้ข้อมูลไว้ในเครื่อง จึงถูกปฏิเสธเพื่อปกป้องผู้ให้ข้อมูล
forms-type-refused-barcode = ประเภท “{ $type }” สแกนรหัสที่อาจระบุตัวบุคคลได้ จึงถูกปฏิเสธเพื่อปกป้องผู้ให้ข้อมูล
forms-type-refused-device = ประเภท “{ $type }” จะเก็บรหัสประจำโทรศัพท์ของผู้ให้ข้อมูล จึงถูกปฏิเสธเพื่อปกป้องผู้ให้ข้อมูล
forms-select-no-list = “{ $type }” ต้องระบุชื่อรายการตัวเลือก
forms-name-missing = ต้องระบุชื่อที่นี่
forms-name-invalid = “{ $name }” ไม่ใช่ชื่อที่ถูกต้อง ให้ใช้ตัวอักษร ตัวเลข และ _ โดยขึ้นต้นด้วยตัวอักษร
forms-name-duplicate = ชื่อ “{ $name }” ถูกใช้มากกว่าหนึ่งครั้ง
forms-end-mismatch = จุดสิ้นสุดนี้ไม่ตรงกับกลุ่มหรือการทำซ้ำที่เปิดอยู่ “{ $name }”
forms-end-unmatched = จุดสิ้นสุดนี้ไม่มีจุดเริ่มต้นที่ตรงกัน
forms-begin-unclosed = กลุ่มหรือการทำซ้ำ “{ $name }” ไม่ได้ปิด
forms-list-missing = ไม่มีรายการตัวเลือก “{ $list }” หรือรายการว่างเปล่า
forms-calculation-missing = คำถามแบบคำนวณต้องมีสูตรคำนวณ
forms-field-not-allowed = ไม่อนุญาตให้ใช้ “{ $field }” ในแถวนี้
forms-choice-duplicate = ตัวเลือก “{ $name }” ปรากฏสองครั้งในรายการ “{ $list }” ชื่อตัวเลือกในรายการเดียวกันต้องไม่ซ้ำกัน หากตั้งใจ (ชื่อเดียวกันที่แยกกันด้วย choice_filter) ให้เพิ่มการตั้งค่า allow_choice_duplicates = yes
forms-ref-unknown = ไม่มีคำถามชื่อ “{ $name }”
forms-dimension-unknown = ไม่มีมิติชื่อ “{ $name }”
forms-regex-invalid = นิพจน์ปกติ “{ $pattern }” ไม่ถูกต้อง

## Translation files

forms-ftl-syntax = ไวยากรณ์คำแปลผิดพลาด: { $detail }
forms-ftl-unsupported = คำแปล “{ $id }” ใช้ความสามารถของ Fluent ที่แบบสอบถามไม่รองรับ
forms-ftl-duplicate = คำแปล “{ $id }” ถูกกำหนดสองครั้ง
forms-ftl-unknown-id = คำแปล “{ $id }” ไม่ได้เป็นของคำถาม ตัวเลือก หรือรายการให้คะแนนใด
forms-ftl-id-collision = ชื่อ { $a } และ { $b } ใช้รหัสคำแปลเดียวกัน “{ $id }” โปรดเปลี่ยนชื่ออย่างใดอย่างหนึ่ง

## Answers

forms-answer-not-integer = “{ $value }” ไม่ใช่จำนวนเต็ม
forms-answer-not-decimal = “{ $value }” ไม่ใช่ตัวเลข
forms-answer-not-date = “{ $value }” ไม่ใช่วันที่ (YYYY-MM-DD)
forms-answer-not-time = “{ $value }” ไม่ใช่เวลา (HH:MM)
forms-answer-not-datetime = “{ $value }” ไม่ใช่วันที่และเวลา
forms-answer-not-a-choice = “{ $value }” ไม่ใช่หนึ่งในตัวเลือก
forms-answer-not-ok = การรับทราบต้องตอบว่า OK
forms-answer-dont-know-not-allowed = คำถามนี้ไม่อนุญาตให้ตอบว่า “ไม่ทราบ”
forms-answer-prefer-not-not-allowed = คำถามนี้ไม่อนุญาตให้ตอบว่า “ไม่ประสงค์จะตอบ”
forms-constraint-failed = ไม่รับคำตอบนี้ ({ $constraint })

## XLSForm import

forms-xlsform-unreadable = ไม่สามารถอ่านไฟล์นี้เป็นสเปรดชีต (.xlsx, .xls หรือ .ods): { $detail }
forms-xlsform-too-large = ไฟล์มีขนาดใหญ่กว่า { $max } MB
forms-xlsform-cell-error = สเปรดชีตมีค่าผิดพลาดในเซลล์ { $cell }
forms-xlsform-no-survey = สเปรดชีตไม่มีชีต “survey”
forms-xlsform-no-type-column = ชีต survey ไม่มีคอลัมน์ “type”
forms-xlsform-type-missing = แถวนี้มีข้อมูลแต่ไม่มีประเภท
forms-xlsform-column-ignored = FieldScreen ไม่ใช้คอลัมน์ “{ $column }” จึงข้ามคอลัมน์นี้ไป
forms-xlsform-column-blank = เซลล์นี้อยู่ในคอลัมน์ที่ไม่มีหัวคอลัมน์ จึงข้ามคอลัมน์นี้ไป
forms-xlsform-column-refused-media = คอลัมน์ “{ $column }” แนบวิดีโอหรือภาพขนาดใหญ่ รองรับเฉพาะเสียงและภาพ
forms-xlsform-parameters-refused-location = พารามิเตอร์ “{ $parameters }” จะบันทึกตำแหน่งของอุปกรณ์ระหว่างการสัมภาษณ์ FieldScreen บันทึกเพียงจังหวัด ไม่บันทึกพิกัด
forms-xlsform-read-only-dynamic = read_only ต้องเป็น yes หรือ no
forms-xlsform-interviewer-only-value = interviewer_only ต้องเป็น yes หรือ no
forms-xlsform-self-administered-value = self_administered ต้องเป็น yes หรือ no
forms-xlsform-choices-header = ชีต choices ต้องมีคอลัมน์ “list_name” และ “name”
forms-xlsform-choice-incomplete = ตัวเลือกนี้ต้องมีทั้ง list_name และ name
forms-xlsform-choice-row-ignored = แถวนี้ในชีต choices ไม่มี list_name และ name จึงข้ามไป
forms-xlsform-sheet-unsupported = ไม่รองรับชีต “{ $sheet }” (ตัวเลือกจากไฟล์ภายนอก)
forms-xlsform-setting-ignored = FieldScreen ไม่ใช้การตั้งค่า “{ $setting }” (ใช้สำหรับเซิร์ฟเวอร์หรือแอปอื่น) จึงข้ามไป
forms-xlsform-sheet-as-survey = อ่านชีตเดียวที่มีคือ “{ $sheet }” เป็นแบบสำรวจ (survey)
forms-xlsform-note-named = ข้อความ note นี้ไม่มีชื่อ จึงตั้งชื่อให้ว่า “{ $name }”
forms-xlsform-row-disabled = แถวนี้ถูกทำเครื่องหมาย disabled จึงไม่นำมาใช้
forms-xlsform-loop-refused = ไม่รองรับ “{ $type }”: loop จะใช้ชื่อคำถามเดิมซ้ำหนึ่งครั้งต่อหนึ่งตัวเลือก แต่ใน FieldScreen ทุกชื่อต้องไม่ซ้ำกัน ให้เขียนกลุ่มละหนึ่งตัวเลือกแทน โดยแต่ละกลุ่มมีชื่อของตัวเอง (เช่น car_total และ boat_total) หรือใช้ begin repeat

## fieldscreen form

forms-cli-io-error = อ่านหรือเขียนไม่ได้: { $detail }
forms-cli-too-many-files = โฟลเดอร์มีไฟล์มากกว่า { $max } ไฟล์
forms-cli-imported = เขียน { $count } ไฟล์ไปยัง { $dir } แล้ว
forms-cli-show-header = รหัส { $id } · รุ่น { $version } · ภาษา { $languages }
    แฮช { $hash }
forms-cli-show-relevant = แสดงเมื่อ: { $expr }
forms-cli-show-required-when = ต้องตอบเมื่อ: { $expr }
forms-cli-show-constraint = รับเมื่อ: { $expr }
forms-cli-show-calculation = คำนวณจาก: { $expr }
forms-cli-show-group = กลุ่ม
forms-cli-show-repeat = ส่วนที่ทำซ้ำ
forms-cli-show-repeat-count = ส่วนที่ทำซ้ำ × { $expr }
forms-cli-json-error = เขียน JSON ไม่ได้: { $detail }
forms-cli-warning = คำเตือน: { $message }
forms-questionnaire-missing = อุปกรณ์นี้ไม่มีแบบสอบถามที่ใช้เริ่มบันทึกนี้ โปรดอัปเดตแอป หรือเปิดบันทึกนี้บนอุปกรณ์ที่สร้างบันทึก
forms-questionnaire-waiting = กำลังรอแบบสอบถามจากทีม บันทึกนี้เริ่มด้วยแบบสอบถามที่ยังมาไม่ถึงอุปกรณ์นี้ จะเปิดได้หลังการซิงค์ครั้งถัดไป

## Audio and image prompts
forms-media-bad-name = “{ $file }” ไม่ใช่ชื่อไฟล์ธรรมดา โปรดระบุชื่อไฟล์ในโฟลเดอร์สื่อของแบบสอบถาม โดยไม่มีชื่อโฟลเดอร์หรือตัวแปร
forms-media-missing = ไม่พบไฟล์ “{ $file }” ในโฟลเดอร์ “{ $folder }” ของแบบสอบถาม
forms-media-unreadable = “{ $file }” ไม่ใช่ไฟล์{ $kind ->
        [audio] เสียง
       *[image] ภาพ
    }ที่แอปเปิดได้ (แอปรู้จักเสียง Ogg, MP3, WAV, M4A และ WebM และภาพ PNG และ JPEG)
