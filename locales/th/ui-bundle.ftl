## status: machine-drafted — needs review by a native speaker

## Hand-over by file (USB stick, SD card): the sync screen's part and the file dialog.

bundle-title = ส่งต่อด้วยไฟล์
bundle-intro = ไม่มีเครือข่ายใช่ไหม บันทึกข้อมูลของอุปกรณ์นี้ลงไฟล์ในแฟลชไดรฟ์ USB หรือการ์ด SD แล้วเปิดไฟล์นั้นบนอุปกรณ์อื่นในทีมของคุณ เฉพาะอุปกรณ์ในทีมของคุณเท่านั้นที่อ่านไฟล์นี้ได้
bundle-save = บันทึกลงไฟล์
bundle-open = เปิดไฟล์จากอุปกรณ์อื่น
bundle-working = กำลังดำเนินการ…
bundle-save-title = บันทึกข้อมูลของทีมลงไฟล์
bundle-open-title = เปิดไฟล์จากอุปกรณ์ในทีมของคุณ
bundle-filter = ไฟล์ทีม FieldScreen
bundle-saved =
    { $count ->
        [0] ไม่มีข้อมูลให้บันทึก
       *[other] บันทึกข้อมูล { $count } รายการลงไฟล์แล้ว
    }
bundle-merged =
    { $count ->
        [0] ไฟล์นี้ไม่มีข้อมูล
       *[other] รวมข้อมูล { $count } รายการจากไฟล์แล้ว
    }
bundle-set-aside =
    { $count ->
       *[other] แยกข้อมูล { $count } รายการไว้ต่างหาก เพราะไม่ได้มาจากอุปกรณ์ในทีมของคุณ หรือเสียหาย
    }
