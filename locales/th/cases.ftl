## status: machine-drafted — needs review by a native speaker

cli-passphrase-file-unreadable = ไม่สามารถอ่านไฟล์รหัสผ่าน { $path } ได้: { $reason }
cli-passphrase-needed = ไม่ได้ระบุรหัสผ่าน ใช้ --passphrase-file FILE หรือตัวแปรสภาพแวดล้อม { $var }
cli-prompt-passphrase = รหัสผ่าน:
cli-prompt-new-passphrase = รหัสผ่านใหม่:
cli-vault-created = สร้างคลังข้อมูลที่เข้ารหัสไว้ใน { $path } แล้ว เก็บรหัสผ่านไว้ให้ปลอดภัย: ไม่สามารถกู้คืนได้
cli-vault-info =
    คลังข้อมูล: { $path }
    รหัส: { $id }
    รูปแบบ: { $format }
    จำนวนระเบียน: { $records }
    ขนาด: { $bytes } ไบต์
    การสร้างกุญแจ: Argon2id, { $memory } MiB, { $iterations } รอบ
cli-passphrase-changed = เปลี่ยนรหัสผ่านแล้ว
cli-wipe-needs-yes = การล้างข้อมูลจะลบทุกระเบียนในอุปกรณ์นี้ เรียกใช้อีกครั้งพร้อม --yes เพื่อยืนยัน
cli-wipe-confirm = ลบทุกระเบียนใน { $path } หรือไม่? การสัมภาษณ์ที่ยังไม่ได้ซิงค์จะหายไปตลอดกาล พิมพ์ WIPE เพื่อยืนยัน:
cli-wipe-cancelled = ไม่มีสิ่งใดถูกลบ
cli-vault-wiped = ลบคลังข้อมูลใน { $path } แล้ว
cli-answer-needs-value = ระบุคำตอบ หรือ --dont-know หรือ --prefer-not
cli-interview-heading = การสัมภาษณ์ { $id } — { $form } { $version } — { $status }
cli-state-value = (คำตอบ)
cli-state-dont_know = (ไม่ทราบ)
cli-state-prefer_not = (ไม่ประสงค์จะตอบ)
cli-conflict-marker = {"  "}— ขัดแย้ง: อุปกรณ์ต่าง ๆ ให้คำตอบไม่ตรงกัน
