## status: machine-drafted — needs review by a native speaker

## Sync and team screens: strings the UI shows and the status the core formats.

syncview-title = ซิงค์และทีม
syncview-state-no-team = อุปกรณ์นี้ยังไม่อยู่ในทีม งานของคุณอยู่บนอุปกรณ์นี้เท่านั้น
syncview-state-locked = หยุดซิงค์ชั่วคราวขณะที่ที่เก็บข้อมูลถูกล็อก
syncview-state-joining = กำลังรอหัวหน้าทีมอนุมัติอุปกรณ์นี้
syncview-state-running = กำลังซิงค์…
syncview-state-up-to-date = ข้อมูลเป็นปัจจุบันแล้ว
syncview-state-pending = มีการเปลี่ยนแปลงที่รอส่ง
syncview-state-offline = ออฟไลน์: ติดต่อเซิร์ฟเวอร์ซิงค์ไม่ได้ งานของคุณปลอดภัยอยู่บนอุปกรณ์นี้
syncview-state-refused = ขณะนี้เซิร์ฟเวอร์ซิงค์ปฏิเสธการซิงค์
syncview-state-removed = อุปกรณ์นี้ถูกนำออกจากทีมแล้ว จะไม่ส่งหรือรับงานของทีมอีก
syncview-state-failed = การซิงค์ไม่สำเร็จ
syncview-never = ยังไม่เคยซิงค์
syncview-last = ซิงค์ล่าสุด { $date } เวลา { $time }
syncview-pending =
    { $count ->
        [0] ไม่มีข้อมูลที่รอส่ง
       *[other] มี { $count } รายการที่รอส่ง
    }
syncview-retry-in =
    { $count ->
       *[other] จะลองใหม่ในอีก { $count } วินาที
    }
syncview-progress-push = กำลังส่ง { $done } จาก { $total }
syncview-progress-pull =
    { $count ->
       *[other] ได้รับ { $count } การเปลี่ยนแปลง
    }
syncview-name-required = กรุณาตั้งชื่อทีม
syncview-now = ซิงค์ตอนนี้
syncview-progress = ความคืบหน้าการซิงค์
syncview-create-title = สร้างทีม
syncview-create-help = อุปกรณ์นี้จะเป็นหัวหน้าทีม: เชิญ อนุมัติ และนำอุปกรณ์ออก
syncview-relay-label = ที่อยู่เซิร์ฟเวอร์ซิงค์
syncview-name-label = ชื่อทีม
syncview-create-button = สร้างทีม
syncview-join-title = เข้าร่วมทีม
syncview-join-help = พิมพ์รหัสเชิญที่แสดงบนอุปกรณ์ของหัวหน้าทีม
syncview-code-label = รหัสเชิญ
syncview-join-button = เข้าร่วม
syncview-team-title = ทีม
syncview-this-device = อุปกรณ์นี้
syncview-supervisor = หัวหน้าทีม
syncview-invite-button = เชิญอุปกรณ์
syncview-invite-help = สแกนรหัสนี้บนอุปกรณ์ใหม่ หรือพิมพ์รหัสด้านล่าง ใช้ได้ครั้งเดียว
syncview-invite-qr =
    .alt = คิวอาร์โค้ดของคำเชิญ
syncview-members-title = สมาชิก
syncview-remove-button = นำออก
syncview-remove-confirm = นำอุปกรณ์นี้ออกจากทีมหรือไม่? กุญแจของทีมจะถูกเปลี่ยน: อุปกรณ์นี้จะอ่านสิ่งที่เขียนหลังจากนี้ไม่ได้
syncview-remove-yes = ใช่ นำออก
syncview-cancel = ยกเลิก
syncview-state-warning = การซิงค์ต้องได้รับการตรวจสอบ
syncview-relay-key = กุญแจเซิร์ฟเวอร์ซิงค์
syncview-relay-pin-label = ค่าพินกุญแจเซิร์ฟเวอร์ซิงค์ (เลขฐานสิบหก 64 หลัก เฉพาะเซิร์ฟเวอร์ที่ใช้ใบรับรองของตนเอง)
