## status: machine-drafted — needs review by a native speaker

## The team's questionnaires (sync screen).

teamforms-title = แบบสอบถามของทีม
teamforms-intro = แบบสอบถามที่เผยแพร่ที่นี่จะไปถึงทุกอุปกรณ์ของทีมเมื่อซิงค์ครั้งถัดไป บันทึกแต่ละรายการใช้ฉบับที่เริ่มไว้ตลอด การสัมภาษณ์ใหม่ใช้ฉบับล่าสุด
teamforms-empty = ทีมยังไม่ได้เผยแพร่แบบสอบถามใด
teamforms-publish = เผยแพร่แบบสอบถาม…
teamforms-withdraw = ถอน
teamforms-version = ฉบับ
