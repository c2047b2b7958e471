## status: machine-drafted — needs review by a native speaker

language-name = ไทย
app-name = FieldScreen
app-tagline = การตรวจแรงงานและการคัดกรองตัวชี้วัดการค้ามนุษย์และการบังคับใช้แรงงาน — ใช้งานออฟไลน์ เข้ารหัส ในภาษาของคุณ
skip-to-content = ข้ามไปยังเนื้อหาหลัก
language-switcher-label = ภาษา
# The menu that holds the language, lock, sync and erase during an interview on a phone.
app-menu = เมนู
app-menu-your-language = ภาษาของคุณ (ผู้สัมภาษณ์)
setup-title = ปกป้องข้อมูลในอุปกรณ์นี้
setup-explainer = ตั้งรหัสผ่าน รหัสผ่านนี้เข้ารหัสการสัมภาษณ์ทุกรายการในอุปกรณ์นี้ หากไม่มีรหัสผ่านจะไม่มีใครอ่านได้ แม้แต่คุณเอง หากลืมจะไม่สามารถกู้คืนได้
setup-passphrase-label = รหัสผ่าน
setup-again-label = พิมพ์รหัสผ่านเดิมอีกครั้ง
setup-submit = สร้างที่เก็บข้อมูลที่เข้ารหัส
setup-strength-label = ความแข็งแรงของรหัสผ่าน
setup-suggest = แนะนำรหัสผ่าน
setup-suggested-label = รหัสผ่านที่แนะนำ
setup-suggested-intro = จดรหัสผ่านนี้ไว้ตอนนี้และเก็บให้ปลอดภัย รหัสผ่านนี้จะแสดงเพียงครั้งเดียว
setup-suggested-use = จดไว้แล้ว ใช้รหัสผ่านนี้
unlock-title = ใส่รหัสผ่านของคุณ
unlock-explainer = ข้อมูลในอุปกรณ์นี้ถูกล็อกอยู่
unlock-passphrase-label = รหัสผ่าน
unlock-submit = ปลดล็อก
lock-button = ล็อกเดี๋ยวนี้
cases-title = กรณี
cases-empty = ยังไม่มีการสัมภาษณ์หรือการตรวจในอุปกรณ์นี้
cases-col-form = แบบสอบถาม
cases-col-status = สถานะ
cases-col-updated = แก้ไขล่าสุด
status-in_progress = ฉบับร่าง
status-complete = เสร็จสมบูรณ์
status-damaged = เสียหาย: เก็บไว้แต่อ่านไม่ได้
# Quick hide: the neutral screen (a phone with no signal), nothing of the app.
hide-offline-title = ไม่มีการเชื่อมต่ออินเทอร์เน็ต
hide-offline-body = ตรวจสอบการเชื่อมต่อ แล้วลองอีกครั้ง
hide-offline-retry = ลองอีกครั้ง
