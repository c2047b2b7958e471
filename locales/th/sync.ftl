## status: machine-drafted — needs review by a native speaker
# ข้อความของการซิงค์และรีเลย์

sync-change-rejected = ไม่สามารถตรวจสอบการเปลี่ยนแปลงจากทีมได้ จึงถูกเก็บแยกไว้ ข้อมูลของคุณยังปลอดภัย
sync-key-missing = การเปลี่ยนแปลงถูกเข้ารหัสด้วยกุญแจทีมที่อุปกรณ์นี้ไม่มี โปรดขอให้หัวหน้าทีมรับอุปกรณ์นี้เข้าทีมอีกครั้ง
sync-unknown-device = การเปลี่ยนแปลงมาจากอุปกรณ์ที่ไม่อยู่ในทีมของคุณ จึงไม่ถูกนำไปใช้
sync-newer-version = การเปลี่ยนแปลงถูกสร้างโดย FieldScreen รุ่นที่ใหม่กว่า โปรดอัปเดตแอป
sync-random-unavailable = อุปกรณ์นี้ไม่สามารถสร้างตัวเลขสุ่มที่ปลอดภัยได้ ไม่มีการส่งข้อมูล
sync-relay-answer-bad = เซิร์ฟเวอร์ซิงค์ตอบกลับมาในรูปแบบที่อ่านไม่ได้ โปรดลองอีกครั้งภายหลัง
relay-listening = รีเลย์ซิงค์กำลังรอการเชื่อมต่อที่ { $address }
relay-bad-db = ต้องระบุฐานข้อมูลเป็น sqlite:PATH หรือ postgres://USER@HOST:PORT/DATABASE (เช่น sqlite:/var/lib/fieldscreen/relay.db)
relay-failed = รีเลย์ซิงค์หยุดทำงาน: { $reason }
